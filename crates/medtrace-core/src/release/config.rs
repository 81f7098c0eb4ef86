//! `[release]` in medtrace.toml: the commands whose output documents the build
//! environment of a release (IEC 62304 5.8.5).

use crate::config::{Reader, Value};
use crate::source::Span;
use toml::de::{DeTable, DeValue};

/// What `[release]` configures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReleaseConfig {
    /// The commands that capture the build environment, sorted by name.
    pub environment: Vec<EnvironmentCommand>,
    /// Where `[release] environment` is written.
    pub environment_span: Option<Span>,
    /// `[release] tag-prefix`: the project's tags are the git tags whose name starts with
    /// it, and a version is a tag's name without it. `None`: every tag, as written.
    pub tag_prefix: Option<String>,
    /// Where `[release] tag-prefix` is written.
    pub tag_prefix_span: Option<Span>,
}

/// One command of `[release] environment`: `rustc = "rustc --version"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvironmentCommand {
    /// The tool's name, the key in medtrace.toml.
    pub name: String,
    /// The command as written, for messages and the record.
    pub command: String,
    /// The program and its arguments, run without a shell.
    pub argv: Vec<String>,
    /// Where the command is written.
    pub span: Option<Span>,
}

const KEYS: &[&str] = &["environment", "tag-prefix"];

impl Reader {
    /// Reads `[release]`; what cannot be read is reported and left out.
    pub(crate) fn release(&mut self, table: &DeTable<'_>) -> ReleaseConfig {
        let mut config = ReleaseConfig::default();
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "environment" => {
                    config.environment_span = self.span(value);
                    let Some(commands) = self.table(value, "release.environment") else {
                        continue;
                    };
                    for (name, command) in commands.iter() {
                        if let Some(c) = self.environment_command(name.get_ref(), command) {
                            config.environment.push(c);
                        }
                    }
                }
                "tag-prefix" => {
                    config.tag_prefix_span = self.span(value);
                    let Some(prefix) = self.string(value, "release.tag-prefix") else {
                        continue;
                    };
                    if prefix.is_empty() {
                        self.invalid(
                            value,
                            "`release.tag-prefix` is empty".to_string(),
                            "write the start of the project's tag names (`tag-prefix = \"pump/\"`), or leave the key out to use every tag",
                        );
                    } else {
                        config.tag_prefix = Some(prefix.to_string());
                    }
                }
                _ => self.unknown(key, "[release]", KEYS),
            }
        }
        config.environment.sort_by(|a, b| a.name.cmp(&b.name));
        config
    }

    /// One `name = "program args"` or `name = ["program", "args"]` entry.
    fn environment_command(&mut self, name: &str, value: &Value<'_>) -> Option<EnvironmentCommand> {
        const HELP: &str =
            "write the command as a string (`rustc = \"rustc --version\"`) or a list of its words";
        let (command, argv) = match value.get_ref() {
            DeValue::String(s) => match split_command(s) {
                Ok(argv) => (s.to_string(), argv),
                Err(why) => {
                    self.invalid(value, format!("the command of `{name}` {why}"), HELP);
                    return None;
                }
            },
            DeValue::Array(_) => {
                let argv = self.strings(value, &format!("release.environment.{name}"))?;
                (argv.join(" "), argv)
            }
            _ => {
                self.invalid(
                    value,
                    format!("`release.environment.{name}` must be a command"),
                    HELP,
                );
                return None;
            }
        };
        if argv.first().is_none_or(|program| program.is_empty()) {
            self.invalid(value, format!("the command of `{name}` is empty"), HELP);
            return None;
        }
        Some(EnvironmentCommand {
            name: name.to_string(),
            command,
            argv,
            span: self.span(value),
        })
    }
}

/// Splits a command line into words as a shell would for plain words and quotes, without
/// any expansion: whitespace separates words, `'…'` is taken literally, and in `"…"` a
/// backslash escapes `"` and `\`.
pub fn split_command(line: &str) -> Result<Vec<String>, &'static str> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("has a `'` that is never closed"),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("has a `\"` that is never closed"),
                        },
                        Some(c) => word.push(c),
                        None => return Err("has a `\"` that is never closed"),
                    }
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::split_command;

    #[test]
    fn commands_split_into_words_without_a_shell() {
        assert_eq!(
            split_command("rustc --version"),
            Ok(vec!["rustc".into(), "--version".into()])
        );
        assert_eq!(
            split_command(r#"sh -c 'echo $HOME' "a \"b\"" ''"#),
            Ok(vec![
                "sh".into(),
                "-c".into(),
                "echo $HOME".into(),
                "a \"b\"".into(),
                String::new()
            ])
        );
        assert!(split_command("echo 'open").is_err());
        assert_eq!(split_command("  "), Ok(vec![]));
    }

    #[test]
    fn environment_is_read_with_spans_and_problems_reported() {
        let text = "[project]\nname = \"p\"\n[release]\nenvironment = { rustc = \"rustc --version\", cc = [\"cc\", \"-v\"], bad = 3, open = \"x 'y\" }\n";
        let (config, diags) = crate::config::parse(crate::FileId(0), text);
        let env = &config.release.environment;
        assert_eq!(env.len(), 2);
        assert_eq!(
            (env[0].name.as_str(), env[0].argv.clone()),
            ("cc", vec!["cc".to_string(), "-v".to_string()])
        );
        assert_eq!(env[1].command, "rustc --version");
        let span = env[1].span.expect("a span");
        assert_eq!(
            &text[span.start as usize..span.end as usize],
            "\"rustc --version\""
        );
        assert_eq!(diags.len(), 2, "{diags:?}");
    }

    #[test]
    fn tag_prefix_is_read_with_its_span_and_empty_or_non_strings_reported() {
        let text = "[project]\nname = \"p\"\n[release]\ntag-prefix = \"pump/\"\n";
        let (config, diags) = crate::config::parse(crate::FileId(0), text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config.release.tag_prefix.as_deref(), Some("pump/"));
        let span = config.release.tag_prefix_span.expect("a span");
        assert_eq!(&text[span.start as usize..span.end as usize], "\"pump/\"");

        let (config, diags) = crate::config::parse(crate::FileId(0), "[project]\nname = \"p\"\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config.release.tag_prefix, None);

        for bad in ["\"\"", "3", "[\"a/\"]"] {
            let text = format!("[project]\nname = \"p\"\n[release]\ntag-prefix = {bad}\n");
            let (config, diags) = crate::config::parse(crate::FileId(0), &text);
            assert_eq!(config.release.tag_prefix, None, "{bad}");
            assert_eq!(diags.len(), 1, "{bad}: {diags:?}");
        }
    }
}
