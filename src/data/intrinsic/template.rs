//! `States.Format` templates: literal text and `{}` holes.

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    /// Text copied as is.
    Text(String),
    /// A `{}`, filled with the next argument.
    Hole,
}

/// A brace that is not part of a `{}` hole. AWS reports it when the call runs, not at load time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TemplateError {
    /// `'Hello {'`, `'{{}}'`, `'{x}'`: a `{` not directly followed by `}`.
    UnmatchedOpen,
    /// `'}'`: a `}` that does not close a `{`.
    UnmatchedClose,
}

impl TemplateError {
    /// AWS's words for the error (AWS recordings States.Format-018/019/020).
    pub(super) fn message(self) -> &'static str {
        match self {
            TemplateError::UnmatchedOpen => "Invalid template in States.Format: matching '}' not found for '{'.",
            TemplateError::UnmatchedClose => "Invalid template in States.Format: matching '{' not found for '}'.",
        }
    }
}

/// A compiled template, or the brace error AWS reports when the call runs.
pub(super) type Template = Result<Vec<Piece>, TemplateError>;

/// Compiles a template. With `escapes` (a string literal's raw text), `\{` and `\}` are literal
/// braces and `\'`, `\\` their characters; otherwise (a value from a path) every character counts.
pub(super) fn compile(source: &str, escapes: bool) -> Template {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if escapes => text.extend(chars.next()),
            '{' => {
                if chars.next() != Some('}') {
                    return Err(TemplateError::UnmatchedOpen);
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Hole);
            }
            '}' => return Err(TemplateError::UnmatchedClose),
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

/// How many holes a template has.
pub(super) fn holes(pieces: &[Piece]) -> usize {
    pieces.iter().filter(|piece| **piece == Piece::Hole).count()
}

#[cfg(test)]
mod tests {
    use super::{compile, holes, Piece, TemplateError};

    fn text(s: &str) -> Piece {
        Piece::Text(s.to_owned())
    }

    #[test]
    fn holes_and_text() {
        assert_eq!(compile("a {} b", false), Ok(vec![text("a "), Piece::Hole, text(" b")]));
        assert_eq!(compile("{}{}", false), Ok(vec![Piece::Hole, Piece::Hole]));
        assert_eq!(compile("", false), Ok(vec![]));
        assert_eq!(compile("x{}", false).map(|p| holes(&p)), Ok(1));
    }

    #[test]
    fn escaped_braces_are_text_in_literals_only() {
        assert_eq!(compile(r"\{\} {}", true), Ok(vec![text("{} "), Piece::Hole]));
        assert_eq!(compile(r"it\'s \\", true), Ok(vec![text(r"it's \")]));
        assert_eq!(compile(r"\{}", false), Ok(vec![text("\\"), Piece::Hole]));
    }

    #[test]
    fn stray_braces() {
        assert_eq!(compile("Hello {", false), Err(TemplateError::UnmatchedOpen));
        assert_eq!(compile("{{}}", false), Err(TemplateError::UnmatchedOpen));
        assert_eq!(compile("{x}", true), Err(TemplateError::UnmatchedOpen));
        assert_eq!(compile("}", false), Err(TemplateError::UnmatchedClose));
        assert_eq!(compile(r"\{}", true), Err(TemplateError::UnmatchedClose));
    }
}
