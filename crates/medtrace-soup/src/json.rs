//! A JSON tree with byte spans, for the readers of JSON lockfiles (npm, composer,
//! Pipfile.lock) and the JSON manifests beside them.

/// Deepest nesting read; lockfiles need a handful of levels.
pub(crate) const MAX_DEPTH: usize = 64;

/// A value and the bytes it covers.
#[derive(Debug)]
pub(crate) struct Json {
    pub start: usize,
    pub end: usize,
    pub value: JsonValue,
}

/// An object key and where it starts.
#[derive(Debug)]
pub(crate) struct Key {
    pub text: String,
    pub start: usize,
}

#[derive(Debug)]
pub(crate) enum JsonValue {
    Null,
    Bool(bool),
    /// The number as written.
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(Key, Json)>),
}

impl Json {
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k.text == key)
            .map(|(_, v)| v)
    }
    pub(crate) fn as_object(&self) -> Option<&[(Key, Json)]> {
        match &self.value {
            JsonValue::Object(o) => Some(o),
            _ => None,
        }
    }
    pub(crate) fn as_array(&self) -> Option<&[Json]> {
        match &self.value {
            JsonValue::Array(a) => Some(a),
            _ => None,
        }
    }
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.value {
            JsonValue::String(s) => Some(s),
            _ => None,
        }
    }
    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self.value {
            JsonValue::Bool(b) => Some(b),
            _ => None,
        }
    }
}

/// Parses `text`; on an error, returns what was read before it (containers cut short)
/// and the error's byte offset and message.
pub(crate) fn parse(text: &str) -> (Option<Json>, Option<(usize, String)>) {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        error: None,
    };
    p.skip_ws();
    if p.pos == 0 && text.starts_with('\u{feff}') {
        p.pos = 3;
        p.skip_ws();
    }
    let value = p.value(0);
    if p.error.is_none() {
        p.skip_ws();
        if p.pos < p.bytes.len() {
            p.fail("unexpected text after the JSON value");
        }
    }
    (value, p.error)
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    error: Option<(usize, String)>,
}

impl Parser<'_> {
    fn fail(&mut self, message: &str) {
        if self.error.is_none() {
            self.error = Some((self.pos.min(self.bytes.len()), message.to_owned()));
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            self.fail("nesting too deep");
            return None;
        }
        let start = self.pos;
        let value = match self.bytes.get(self.pos) {
            Some(b'{') => return Some(self.object(depth)),
            Some(b'[') => return Some(self.array(depth)),
            Some(b'"') => JsonValue::String(self.string()?),
            Some(b't') if self.text[start..].starts_with("true") => {
                self.pos += 4;
                JsonValue::Bool(true)
            }
            Some(b'f') if self.text[start..].starts_with("false") => {
                self.pos += 5;
                JsonValue::Bool(false)
            }
            Some(b'n') if self.text[start..].starts_with("null") => {
                self.pos += 4;
                JsonValue::Null
            }
            Some(b'-' | b'0'..=b'9') => {
                while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') =
                    self.bytes.get(self.pos)
                {
                    self.pos += 1;
                }
                JsonValue::Number(self.text[start..self.pos].to_owned())
            }
            Some(_) => {
                self.fail("expected a JSON value");
                return None;
            }
            None => {
                self.fail("unexpected end of the file");
                return None;
            }
        };
        Some(Json {
            start,
            end: self.pos,
            value,
        })
    }

    fn object(&mut self, depth: usize) -> Json {
        let start = self.pos;
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Json {
                start,
                end: self.pos,
                value: JsonValue::Object(members),
            };
        }
        loop {
            self.skip_ws();
            let key_start = self.pos;
            if self.bytes.get(self.pos) != Some(&b'"') {
                self.fail("expected a quoted key");
                break;
            }
            let Some(key) = self.string() else { break };
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                self.fail("expected `:` after the key");
                break;
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1);
            if let Some(value) = value {
                members.push((
                    Key {
                        text: key,
                        start: key_start,
                    },
                    value,
                ));
            }
            if self.error.is_some() {
                break;
            }
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                _ => {
                    self.fail("expected `,` or `}`");
                    break;
                }
            }
        }
        Json {
            start,
            end: self.pos.min(self.bytes.len()),
            value: JsonValue::Object(members),
        }
    }

    fn array(&mut self, depth: usize) -> Json {
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Json {
                start,
                end: self.pos,
                value: JsonValue::Array(items),
            };
        }
        loop {
            self.skip_ws();
            if let Some(value) = self.value(depth + 1) {
                items.push(value);
            }
            if self.error.is_some() {
                break;
            }
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                _ => {
                    self.fail("expected `,` or `]`");
                    break;
                }
            }
        }
        Json {
            start,
            end: self.pos.min(self.bytes.len()),
            value: JsonValue::Array(items),
        }
    }

    /// A string at `pos` (which holds `"`), unescaped.
    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            match self.bytes.get(self.pos) {
                None => {
                    self.fail("unterminated string");
                    return None;
                }
                Some(b'"') => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    return Some(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    let escaped = match self.bytes.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let c = self.unicode_escape()?;
                            out.push(c);
                            run = self.pos;
                            continue;
                        }
                        _ => {
                            self.fail("invalid escape in a string");
                            return None;
                        }
                    };
                    out.push(escaped);
                    self.pos += 1;
                    run = self.pos;
                }
                Some(b) if *b < 0x20 => {
                    self.fail("control character in a string");
                    return None;
                }
                // Multi-byte characters are copied with the run; `pos` only ever stops
                // on ASCII bytes, so every slice boundary is a character boundary.
                Some(_) => self.pos += 1,
            }
        }
    }

    /// `\uXXXX` at `pos` (which holds `u`), with a following low surrogate if needed.
    fn unicode_escape(&mut self) -> Option<char> {
        let high = self.hex4(self.pos + 1)?;
        self.pos += 5;
        if (0xD800..0xDC00).contains(&high) {
            if self.text[self.pos..].starts_with("\\u")
                && let Some(low) = self
                    .hex4(self.pos + 2)
                    .filter(|l| (0xDC00..0xE000).contains(l))
            {
                self.pos += 6;
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return Some(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            return Some('\u{fffd}');
        }
        Some(char::from_u32(high).unwrap_or('\u{fffd}'))
    }

    fn hex4(&mut self, at: usize) -> Option<u32> {
        let digits = self
            .text
            .get(at..at + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        match digits.and_then(|d| u32::from_str_radix(d, 16).ok()) {
            Some(v) => Some(v),
            None => {
                self.fail("invalid \\u escape");
                None
            }
        }
    }
}
