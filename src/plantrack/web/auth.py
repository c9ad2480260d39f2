"""Who may write from the browser: whoever logs in with the configured API token. The
login is a cookie holding the reviewer's name and an HMAC of it keyed by the token, so
changing the token logs everyone out and nothing is stored on the server."""

from __future__ import annotations

import base64
import hashlib
import hmac

COOKIE = "plantrack_login"


def _mac(token: str, reviewer: str) -> str:
    digest = hmac.new(token.encode(), reviewer.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def login_cookie(token: str, reviewer: str) -> str:
    name = base64.urlsafe_b64encode(reviewer.encode()).decode()
    return f"{name}.{_mac(token, reviewer)}"


def reviewer_of(cookie: str | None, token: str | None) -> str | None:
    """The reviewer a login cookie names, if it was made with `token`; else None."""
    if not cookie or not token or "." not in cookie:
        return None
    name, mac = cookie.rsplit(".", 1)
    try:
        reviewer = base64.urlsafe_b64decode(name.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return reviewer if hmac.compare_digest(mac, _mac(token, reviewer)) else None


def token_matches(given: str | None, token: str | None) -> bool:
    return bool(given and token and hmac.compare_digest(given.encode(), token.encode()))
