//! Standard output that treats a closed pipe as the reader having seen enough.

use std::io::{ErrorKind, Write};

/// Writes to stdout through anstream (which strips colour when not on a terminal).
pub struct Out {
    stream: anstream::AutoStream<std::io::Stdout>,
    closed: bool,
}

impl Out {
    pub fn stdout() -> Out {
        Out {
            stream: anstream::AutoStream::auto(std::io::stdout()),
            closed: false,
        }
    }

    pub fn write(&mut self, text: &str) {
        if self.closed {
            return;
        }
        if let Err(err) = self
            .stream
            .write_all(text.as_bytes())
            .and_then(|()| self.stream.flush())
        {
            // A broken pipe (`| head`) is not a failure: stop writing.
            if err.kind() == ErrorKind::BrokenPipe {
                self.closed = true;
            } else {
                eprintln!("error: cannot write to stdout: {err}");
                self.closed = true;
            }
        }
    }

    pub fn json(&mut self, value: &serde_json::Value) {
        let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
        text.push('\n');
        self.write(&text);
    }
}
