//! A minimal element tree read with quick-xml, strict enough to prove well-formedness:
//! balanced and matching tags, one root, well-formed attributes without duplicates, and
//! only the predefined entities and character references.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// An element with its attributes (unescaped) and children.
#[derive(Debug)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// The value of an attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// All text inside, unescaped.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.text()),
            }
        }
        out
    }

    /// The element children.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// This element and every element inside it, in document order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = vec![self];
        for e in self.elements() {
            out.extend(e.descendants());
        }
        out
    }

    /// Every element inside (or this one) with the given name.
    pub fn all(&self, name: &str) -> Vec<&Element> {
        self.descendants()
            .into_iter()
            .filter(|e| e.name == name)
            .collect()
    }

    /// The first element inside (or this one) with the given name.
    pub fn first(&self, name: &str) -> &Element {
        self.all(name)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no <{name}> in <{}>", self.name))
    }
}

/// Parses `text`, panicking with `what` and the reason if it is not well-formed.
pub fn parse(text: &str, what: &str) -> Element {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let event = reader.read_event().unwrap_or_else(|e| fail(what, e));
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let qname = e.name();
                let name: &str = qname.as_ref();
                fail(what, format!("second root <{name}>"))
            }
            Event::Start(e) => stack.push(element(&e, what)),
            Event::Empty(e) => {
                let el = element(&e, what);
                close(&mut stack, &mut root, el);
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .unwrap_or_else(|| fail(what, "unbalanced end tag"));
                close(&mut stack, &mut root, el);
            }
            Event::Text(t) => {
                let s = t.xml10_content().into_owned();
                push_text(&mut stack, &s, what);
            }
            Event::CData(t) => {
                let s = t.xml10_content().into_owned();
                push_text(&mut stack, &s, what);
            }
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match resolve_predefined_entity(&r.xml10_content()) {
                        Some(s) => s.to_owned(),
                        None => fail(what, format!("unknown entity &{};", r.xml10_content())),
                    },
                    Err(e) => fail(what, e),
                };
                push_text(&mut stack, &s, what);
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::DocType(_) => fail(what, "unexpected DOCTYPE"),
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        fail(
            what,
            format!("<{}> is never closed", stack[stack.len() - 1].name),
        );
    }
    root.unwrap_or_else(|| fail(what, "no root element"))
}

fn fail(what: &str, msg: impl std::fmt::Display) -> ! {
    panic!("{what} is not well-formed: {msg}")
}

fn element(e: &BytesStart<'_>, what: &str) -> Element {
    let qname = e.name();
    let name: &str = qname.as_ref();
    let name = name.to_owned();
    let mut attrs = Vec::new();
    for a in e.attributes().with_checks(true) {
        let a = a.unwrap_or_else(|err| fail(what, format!("attribute of <{name}>: {err}")));
        let key: &str = a.key.as_ref();
        let key = key.to_owned();
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .unwrap_or_else(|err| fail(what, format!("attribute {key} of <{name}>: {err}")))
            .into_owned();
        attrs.push((key, value));
    }
    Element {
        name,
        attrs,
        children: Vec::new(),
    }
}

fn close(stack: &mut [Element], root: &mut Option<Element>, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(el)),
        None => *root = Some(el),
    }
}

fn push_text(stack: &mut [Element], text: &str, what: &str) {
    match stack.last_mut() {
        Some(parent) => match parent.children.last_mut() {
            Some(Node::Text(t)) => t.push_str(text),
            _ => parent.children.push(Node::Text(text.to_owned())),
        },
        None if text.trim().is_empty() => {}
        None => fail(what, format!("text outside the root: {text:?}")),
    }
}
