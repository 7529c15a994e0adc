"""A signed-in officer's browser for the deploy and bench scripts: cookies kept by hand
(httpx's jar would not send the Secure cookies to a node's plain-HTTP port, where
nginx's X-Forwarded-Proto is imitated), CSRF tokens taken from the forms, and the
report form's fields read as a browser would send them."""

import re
from html import unescape
from http.cookies import SimpleCookie

import httpx

CSRF = "csrfmiddlewaretoken"


INPUT = re.compile(r"<input\b([^>]*)>")
TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.S)
ATTR = re.compile(r'([\w-]+)(?:="([^"]*)")?')


def report_form_fields(html: str) -> dict[str, str]:
    """Hidden version/key/CSRF, every value (v_*) and comment (c_*) of the report form,
    as a browser would send them (checked radios only). Regular expressions rather than
    an HTML parser: the load test reads thousands of pages on the same cores as the
    server, and Django's widgets are regular."""
    fields: dict[str, str] = {}
    for match in INPUT.finditer(html):
        attrs = {name: unescape(value or "") for name, value in ATTR.findall(match[1])}
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if not name or kind in ("submit", "button"):
            continue
        if kind in ("radio", "checkbox"):
            if "checked" in attrs:
                fields[name] = attrs.get("value") or "on"
        else:
            fields[name] = attrs.get("value", "")
    for match in TEXTAREA.finditer(html):
        name = dict(ATTR.findall(match[1])).get("name")
        if name:
            fields[name] = unescape(match[2]).removeprefix("\n")
    wanted = ("v_", "c_", "version", "key", CSRF)
    return {k: v for k, v in fields.items() if k.startswith(wanted)}


class Officer:
    """One user's browser against ``base_url``: nginx's HTTPS URL, or a node's
    ``http://127.0.0.1:port`` (then it sends the headers nginx would)."""

    def __init__(self, base_url: str, *, timeout: float = 30, cookies: dict | None = None):
        self.base_url = base_url.rstrip("/")
        self.cookies: dict[str, str] = dict(cookies or {})
        direct = base_url.startswith("http://")
        # Django checks that a form over HTTPS comes from a page of the same host.
        self.host = "127.0.0.1" if direct else httpx.URL(base_url).netloc.decode()
        self.headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1", "X-Real-IP": "127.0.0.1"} if direct else {}
        self.http = httpx.Client(verify=False, timeout=timeout, follow_redirects=False)

    def at(self, base_url: str) -> "Officer":
        """The same browser (same cookies: same session) talking to another address."""
        return Officer(base_url, cookies=self.cookies)

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        headers = {**self.headers, "Referer": f"https://{self.host}{path}", **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.http.request(method, self.base_url + path, headers=headers, **kwargs)
        for header in response.headers.get_list("set-cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> httpx.Response:
        return self.request("POST", path, data=data, **kwargs)

    def sign_in(self, username: str, password: str) -> None:
        page = self.get("/accounts/login/")
        token = report_form_fields(page.text).get(CSRF)
        response = self.post("/accounts/login/", {CSRF: token, "username": username, "password": password})
        if response.status_code != 302:
            raise RuntimeError(f"sign-in of {username} failed: HTTP {response.status_code}")

    def close(self) -> None:
        self.http.close()
