from utblick.core.messages import MESSAGES


def test_every_message_has_swedish_and_english_with_the_same_placeholders():
    import re

    for code, (sv, en) in MESSAGES.items():
        assert sv and en, code
        sv_params = set(re.findall(r"%\((\w+)\)s", sv))
        en_params = {p.removesuffix("_en") for p in re.findall(r"%\((\w+)\)s", en)}
        assert sv_params == en_params, code
