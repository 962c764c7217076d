"""The interface language: Swedish, unless the user chose English with the language switch."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """Like LocaleMiddleware, but the browser's Accept-Language is not consulted.

    Django's `set_language` view stores the choice in the language cookie; without it the
    site's language (Swedish) applies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class OrganisationWordsMiddleware:
    """Each request starts in a municipality's words; the access rules switch to a region's
    when the user works in one (`utblick.organisation.words`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from utblick.organisation import words

        with words.override("municipality"):
            return self.get_response(request)
