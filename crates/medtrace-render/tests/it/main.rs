//! Tests of the renderers: every SVG and every XLSX part is well-formed XML (read back with
//! quick-xml into a small tree), the values written are the values read back, the bytes are
//! the same on every call, and text is escaped. An XLSX is also opened by a real reader,
//! openpyxl, where the machine has it.

mod dom;
mod svg;
mod xlsx;
