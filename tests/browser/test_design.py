"""The design on a small phone: a compact header, no sideways scrolling, Thai headings broken between words."""

import pytest
from pythainlp.tokenize import word_tokenize

from participation.demo import seed_accounts, seed_offices

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where each line of an element's text starts: the offsets in its textContent of the first letter of
# every line after the first (a letter lower than the one before it begins a new line).
LINE_STARTS = """
(element) => {
  const starts = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let offset = 0, lastTop = null, node;
  while ((node = walker.nextNode())) {
    for (let i = 0; i < node.data.length; i++) {
      if (!/\\s/.test(node.data[i])) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (rect) {
          if (lastTop !== null && rect.top > lastTop + 4) starts.push(offset + i);
          lastTop = rect.top;
        }
      }
    }
    offset += node.data.length;
  }
  return starts;
}
"""


@pytest.fixture
def demo(transactional_db):
    offices = seed_offices()
    seed_accounts(offices)
    return offices


def word_boundaries(text: str) -> set[int]:
    """Where one word ends and the next begins, by PyThaiNLP's own tokenizer (the reference)."""
    boundaries, offset = set(), 0
    for word in word_tokenize(text, engine="newmm", keep_whitespace=True):
        offset += len(word)
        boundaries.add(offset)
    return boundaries


@pytest.mark.parametrize("width", [320, 360])
def test_a_long_thai_heading_breaks_only_between_words(page, live_server, demo, width):
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(live_server.url + "/singburi/")
    heading = page.locator("main h1")
    text = heading.text_content()
    assert text == "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสิงห์บุรี"
    allowed = word_boundaries(text)
    seen_breaks = set()
    # The same heading in every column width from a third of the screen to all of it: wherever its lines
    # break, they break between two words.
    for column in range(width // 3, width, 12):
        heading.evaluate("(h, width) => { h.style.width = width + 'px'; }", column)
        starts = heading.evaluate(LINE_STARTS)
        wrong = [f"{text[:start]}|{text[start:]}" for start in starts if start not in allowed]
        assert not wrong, f"at {column}px: {wrong}"
        seen_breaks.update(starts)
    assert len(seen_breaks) >= 3  # the sweep did make it wrap, in several places


def test_the_design_pages_sample_heading_breaks_between_words(page, live_server, demo, log_in):
    log_in(page, "singburi-staff")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/design/")
    sample = page.locator("#design-wrap-sample")
    text = sample.text_content()
    starts = sample.evaluate(LINE_STARTS)
    assert starts, "the sample should wrap"
    assert set(starts) <= word_boundaries(text), [f"{text[:s]}|{text[s:]}" for s in starts]


def test_the_header_is_compact_on_a_small_phone(page, live_server, demo):
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(live_server.url + "/singburi/")
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 0.2 * 640, header
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing scrolls the page sideways
    # The office's sections scroll sideways in their row; each one is in sight when the keyboard reaches it.
    links = page.locator(".office-nav a")
    assert links.count() >= 6
    links.first.focus()
    for index in range(links.count()):
        if index:
            page.keyboard.press("Tab")
        link = links.nth(index)
        assert link.evaluate("a => a === document.activeElement"), index
        box = link.bounding_box()
        # Never hidden behind the edge (WCAG 2.4.11): the browser scrolls the row when a link is out of sight.
        assert box["x"] >= 0 and box["x"] + 24 <= 360, (index, box)
    assert page.locator(".office-nav").evaluate("nav => nav.scrollLeft") > 0


def test_the_focus_ring_shows_on_the_header(page, live_server, demo):
    page.goto(live_server.url + "/singburi/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the portal's name
    focused = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert focused == "rgb(240, 180, 41)"  # the gold of --c-accent
