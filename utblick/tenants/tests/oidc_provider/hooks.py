"""What the test provider says of its users: e-mail and name, and the groups in the ID token
(as Microsoft Entra ID does). Users named expired-… or elsewhere-… get an ID token that has
expired or is for another client: bad answers from a real provider."""


def userinfo(claims, user):
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["name"] = user.get_full_name() or user.username
    return claims


def id_token(id_token, user=None, token=None, request=None, **kwargs):
    id_token["groups"] = sorted(user.groups.values_list("name", flat=True))
    if user.username.startswith("expired-"):
        id_token["exp"] = id_token["iat"] - 3600
    if user.username.startswith("elsewhere-"):
        id_token["aud"] = "some-other-service"
    return id_token
