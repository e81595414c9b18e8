"""A small HTTP client for the benchmark: one connection per request (gunicorn's sync workers close
them anyway), cookies kept in a dict, and the forms of a page read from its HTML."""

import html as html_text
import http.client
import re
import time
from html.parser import HTMLParser
from urllib.parse import urlencode


class Browser:
    """One visitor: its cookies, and requests to one server."""

    def __init__(self, host: str, port: int, cookies: dict | None = None, timeout: float = 30):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        """(status, headers, body, seconds) of one request; cookies the server sets are kept."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        sent = {"Host": f"{self.host}:{self.port}", "Accept-Encoding": "identity", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return response.status, response.headers, content, seconds

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict, **kwargs):
        return self.request("POST", path, form=form, **kwargs)


class FormReader(HTMLParser):
    """The forms of a page: each with its attributes and its fields' current values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": {}}
            self.forms.append(self._form)
        elif tag in {"input", "select", "textarea"} and self._form is not None and attrs.get("name"):
            if attrs.get("type") in {"checkbox", "radio", "submit", "file"}:
                return
            self._form["fields"].setdefault(attrs["name"], attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def forms_of(html: bytes) -> list[dict]:
    reader = FormReader()
    reader.feed(html.decode("utf-8", "replace"))
    return reader.forms


INPUT = re.compile(rb"<input\b[^>]*>")
ATTRIBUTE = re.compile(rb'\b(type|name|value)="([^"]*)"')


def hidden_fields(html: bytes) -> dict[str, str]:
    """The hidden inputs of a page, read with a regular expression: the intake's clients share a core with
    wrk, and parsing each form page whole would cost them more than the server spends on it."""
    fields = {}
    for tag in INPUT.findall(html):
        attrs = {name.decode(): html_text.unescape(value.decode()) for name, value in ATTRIBUTE.findall(tag)}
        if attrs.get("type") == "hidden" and attrs.get("name"):
            fields.setdefault(attrs["name"], attrs.get("value", ""))
    return fields


def login(host: str, port: int, username: str, password: str) -> Browser:
    """A browser signed in through the login form."""
    browser = Browser(host, port)
    status, _headers, html, _seconds = browser.get("/accounts/login/")
    if status != 200:
        raise RuntimeError(f"login page answered {status}")
    form = next(form for form in forms_of(html) if "password" in form["fields"] or "username" in form["fields"])
    fields = {**form["fields"], "username": username, "password": password}
    status, headers, _html, _seconds = browser.post("/accounts/login/", fields)
    if status != 302 or "sessionid" not in browser.cookies:
        raise RuntimeError(f"login as {username} failed (status {status})")
    return browser
