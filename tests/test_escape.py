"""Pages written as text read byte for byte as lxml's HTML serializer would write them."""

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from edition.render import escape

# Every character XML allows in text and attribute values.
XML_CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff").filter(
    lambda c: c in "\t\n\r" or ord(c) >= 0x20)
ASCII = st.characters(max_codepoint=0x7F).filter(lambda c: c in "\t\n\r" or ord(c) >= 0x20)


def _serialized(tag: str, attribute: str, value: str, text: str) -> str:
    element = etree.Element(tag)
    element.set(attribute, value)
    element.text = text
    return etree.tostring(element, method="html", encoding="unicode")


@settings(max_examples=300)
@given(st.text(XML_CHARACTERS), st.text(XML_CHARACTERS))
def test_text_and_attributes_are_the_serializer_s_bytes(value, text):
    assert f"<p title={escape.attribute(value)}>{escape.text(text)}</p>" == _serialized("p", "title", value, text)


@settings(max_examples=300)
@given(st.one_of(st.text(XML_CHARACTERS), st.text(ASCII)))
def test_links_are_the_serializer_s_bytes(url):
    assert f"<a href={escape.href(url)}></a>" == _serialized("a", "href", url, "")


def test_quotes_in_a_value_choose_the_quotes_around_it():
    assert escape.attribute('a"b') == "'a\"b'"
    assert escape.attribute("a'b") == '"a\'b"'
    assert escape.attribute("a\"b'c") == '"a&quot;b\'c"'


def test_a_space_inside_a_link_is_encoded_as_the_serializer_does():
    assert escape.href(" a b\x7f") == '"a%20b%7F"'
