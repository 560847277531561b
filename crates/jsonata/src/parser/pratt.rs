//! The Pratt (top-down operator precedence) parser of parser.js, producing the
//! raw tree. Recursion depth and tree height are bounded (error `U1005`).

use super::pnode::{PKind, PNode};
use super::tokenizer::{operator_bp, TokenValue, Tokenizer};
use crate::error::Error;
use crate::number::to_js_string;
use crate::signature::Signature;

/// Maximum nesting of `expression()` calls while parsing.
pub const MAX_NESTING: usize = 200;
/// Maximum height of the parse tree.
pub const MAX_HEIGHT: usize = 400;

/// The current symbol: its symbol-table id, token and position.
#[derive(Clone, Debug)]
struct Cur {
    id: String,
    tok: Option<TokenValue>,
    position: usize,
}

/// Parser state.
pub struct Parser {
    lexer: Tokenizer,
    node: Cur,
    depth: usize,
}

const INFIX: &[&str] = &[".", "+", "-", "*", "/", "%", "=", "<", ">", "!=", "<=", ">=", "&", "and", "or", "in", "~>"];
const SYMBOLS: &[&str] =
    &[":", ";", ",", ")", "]", "}", "..", "(", "[", "^", "{", ":=", "@", "#", "?", "**", "|", "and", "or", "in"];

/// Left binding power of a symbol (its `lbp` in parser.js's symbol table).
fn lbp(id: &str) -> u32 {
    match id {
        "(" | "[" | "@" | "#" => 80,
        "{" => 70,
        "^" => 40,
        ":=" => 10,
        "?" => 20,
        _ if INFIX.contains(&id) => operator_bp(id),
        _ => 0,
    }
}

/// Renders a token's value for error `token` fields: (text, is a non-string literal).
fn token_text(tok: &Option<TokenValue>) -> (String, bool) {
    match tok {
        None => ("(end)".into(), false),
        Some(TokenValue::Operator(s) | TokenValue::Name(s) | TokenValue::Variable(s) | TokenValue::Str(s)) => {
            (s.clone(), false)
        }
        Some(TokenValue::Number(n)) => (to_js_string(*n), true),
        Some(TokenValue::Bool(b)) => (b.to_string(), true),
        Some(TokenValue::Null) => ("null".into(), true),
        Some(TokenValue::Regex(p, f)) => (format!("/{p}/{f}"), false),
    }
}

impl Parser {
    /// Creates a parser and reads the first token.
    #[inline(never)]
    pub fn new(source: &str) -> Result<Self, Error> {
        let mut p = Parser {
            lexer: Tokenizer::new(source),
            node: Cur { id: "(end)".into(), tok: None, position: 0 },
            depth: 0,
        };
        p.advance(None, false)?;
        Ok(p)
    }

    /// Parses the whole source (S0201 if tokens remain).
    #[inline(never)]
    pub fn parse_all(&mut self) -> Result<PNode, Error> {
        let expr = self.expression(0)?;
        if self.node.id != "(end)" {
            return Err(self.error_here("S0201"));
        }
        Ok(expr)
    }

    #[inline(never)]
    fn error_here(&self, code: &str) -> Error {
        let (text, literal) = token_text(&self.node.tok);
        let mut e = Error::new(code).at(self.node.position).token(text);
        e.token_literal = literal;
        e
    }

    #[inline(never)]
    fn advance(&mut self, id: Option<&str>, infix: bool) -> Result<(), Error> {
        if let Some(id) = id {
            if self.node.id != id {
                let code = if self.node.id == "(end)" { "S0203" } else { "S0202" };
                return Err(self.error_here(code).value_str(id));
            }
        }
        let Some(tok) = self.lexer.next(infix)? else {
            self.node = Cur { id: "(end)".into(), tok: None, position: self.lexer.source_len() };
            return Ok(());
        };
        let id = match &tok.value {
            TokenValue::Name(_) | TokenValue::Variable(_) => "(name)".to_string(),
            TokenValue::Operator(op) => {
                if !INFIX.contains(&op.as_str()) && !SYMBOLS.contains(&op.as_str()) {
                    return Err(Error::new("S0204").at(tok.position).token(op.clone()));
                }
                op.clone()
            }
            TokenValue::Str(_) | TokenValue::Number(_) | TokenValue::Bool(_) | TokenValue::Null => "(literal)".into(),
            TokenValue::Regex(..) => "(regex)".into(),
        };
        self.node = Cur { id, tok: Some(tok.value), position: tok.position };
        Ok(())
    }

    #[inline(never)]
    fn checked(&self, n: PNode) -> Result<PNode, Error> {
        if n.height > MAX_HEIGHT {
            return Err(Error::new("U1005").at(n.position));
        }
        Ok(n)
    }

    /// Pratt's algorithm (`expression(rbp)`).
    #[inline(never)]
    pub fn expression(&mut self, rbp: u32) -> Result<PNode, Error> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(Error::new("U1005").at(self.node.position));
        }
        let t = self.node.clone();
        self.advance(None, true)?;
        let mut left = self.nud(t)?;
        while rbp < lbp(&self.node.id) {
            let t = self.node.clone();
            self.advance(None, false)?;
            left = self.led(t, left)?;
            left = self.checked(left)?;
        }
        self.depth -= 1;
        Ok(left)
    }

    #[inline(never)]
    fn nud(&mut self, t: Cur) -> Result<PNode, Error> {
        let pos = t.position;
        let kind = match (t.id.as_str(), t.tok.clone()) {
            ("(end)", _) => PKind::End,
            ("(name)", Some(TokenValue::Name(n))) => PKind::Name(n),
            ("(name)", Some(TokenValue::Variable(n))) => PKind::Variable(n),
            ("(literal)", Some(TokenValue::Str(s))) => PKind::Str(s),
            ("(literal)", Some(TokenValue::Number(n))) => PKind::Num(n),
            ("(literal)", Some(TokenValue::Bool(b))) => PKind::Bool(b),
            ("(literal)", Some(TokenValue::Null)) => PKind::Null,
            ("(regex)", Some(TokenValue::Regex(p, f))) => PKind::Regex(p, f),
            ("and" | "or" | "in", _) => PKind::Op(t.id.clone()),
            ("-", _) => PKind::Negate(Box::new(self.expression(70)?)),
            ("*", _) => PKind::Wildcard,
            ("**", _) => PKind::Descendant,
            ("%", _) => PKind::Parent,
            ("(", _) => self.block()?,
            ("[", _) => self.array()?,
            ("{", _) => PKind::Object(self.object_pairs()?),
            ("|", _) => self.transform()?,
            _ => {
                let (text, _) = token_text(&t.tok);
                return Err(Error::new("S0211").at(pos).token(text));
            }
        };
        self.checked(PNode::new(kind, pos))
    }

    #[inline(never)]
    fn led(&mut self, t: Cur, left: PNode) -> Result<PNode, Error> {
        let pos = t.position;
        let kind = match t.id.as_str() {
            "(" => return self.function_call(pos, left),
            "[" => return self.filter(pos, left),
            "^" => PKind::Sort(Box::new(left), self.sort_terms()?),
            "{" => PKind::Group(Box::new(left), self.object_pairs()?),
            ":=" => self.bind(left)?,
            "@" | "#" => self.focus_or_index(&t.id, left)?,
            "?" => self.condition(left)?,
            op => {
                let rhs = self.expression(operator_bp(op))?;
                PKind::Binary(op.to_string(), Box::new(left), Box::new(rhs))
            }
        };
        Ok(PNode::new(kind, pos))
    }

    #[inline(never)]
    fn block(&mut self) -> Result<PKind, Error> {
        let mut expressions = Vec::new();
        while self.node.id != ")" {
            expressions.push(self.expression(0)?);
            if self.node.id != ";" {
                break;
            }
            self.advance(Some(";"), false)?;
        }
        self.advance(Some(")"), true)?;
        Ok(PKind::Block(expressions))
    }

    #[inline(never)]
    fn array(&mut self) -> Result<PKind, Error> {
        let mut items = Vec::new();
        if self.node.id != "]" {
            loop {
                let mut item = self.expression(0)?;
                if self.node.id == ".." {
                    let pos = self.node.position;
                    self.advance(Some(".."), false)?;
                    let rhs = self.expression(0)?;
                    item = PNode::new(PKind::Binary("..".into(), Box::new(item), Box::new(rhs)), pos);
                }
                items.push(item);
                if self.node.id != "," {
                    break;
                }
                self.advance(Some(","), false)?;
            }
        }
        self.advance(Some("]"), true)?;
        Ok(PKind::Array(items))
    }

    #[inline(never)]
    fn object_pairs(&mut self) -> Result<Vec<(PNode, PNode)>, Error> {
        let mut pairs = Vec::new();
        if self.node.id != "}" {
            loop {
                let n = self.expression(0)?;
                self.advance(Some(":"), false)?;
                let v = self.expression(0)?;
                pairs.push((n, v));
                if self.node.id != "," {
                    break;
                }
                self.advance(Some(","), false)?;
            }
        }
        self.advance(Some("}"), true)?;
        Ok(pairs)
    }

    #[inline(never)]
    fn transform(&mut self) -> Result<PKind, Error> {
        let pattern = self.expression(0)?;
        self.advance(Some("|"), false)?;
        let update = self.expression(0)?;
        let mut delete = None;
        if self.node.id == "," {
            self.advance(Some(","), false)?;
            delete = Some(Box::new(self.expression(0)?));
        }
        self.advance(Some("|"), false)?;
        Ok(PKind::Transform(Box::new(pattern), Box::new(update), delete))
    }

    #[inline(never)]
    fn filter(&mut self, pos: usize, mut left: PNode) -> Result<PNode, Error> {
        if self.node.id == "]" {
            // empty predicate means maintain singleton arrays in the output
            let mut step = &mut left;
            while let PKind::Binary(op, lhs, _) = &mut step.kind {
                if op != "[" {
                    break;
                }
                step = lhs;
            }
            step.keep_array = true;
            self.advance(Some("]"), false)?;
            return Ok(left);
        }
        let rhs = self.expression(operator_bp("]"))?;
        self.advance(Some("]"), true)?;
        Ok(PNode::new(PKind::Binary("[".into(), Box::new(left), Box::new(rhs)), pos))
    }

    #[inline(never)]
    fn sort_terms(&mut self) -> Result<Vec<(bool, PNode)>, Error> {
        self.advance(Some("("), false)?;
        let mut terms = Vec::new();
        loop {
            let mut descending = false;
            if self.node.id == "<" {
                self.advance(Some("<"), false)?;
            } else if self.node.id == ">" {
                descending = true;
                self.advance(Some(">"), false)?;
            }
            terms.push((descending, self.expression(0)?));
            if self.node.id != "," {
                break;
            }
            self.advance(Some(","), false)?;
        }
        self.advance(Some(")"), false)?;
        Ok(terms)
    }

    #[inline(never)]
    fn bind(&mut self, left: PNode) -> Result<PKind, Error> {
        if !left.is_variable() {
            return Err(Error::new("S0212").at(left.position).token(raw_text(&left)));
        }
        let rhs = self.expression(operator_bp(":=") - 1)?;
        Ok(PKind::Binary(":=".into(), Box::new(left), Box::new(rhs)))
    }

    #[inline(never)]
    fn focus_or_index(&mut self, op: &str, left: PNode) -> Result<PKind, Error> {
        let rhs = self.expression(operator_bp(op))?;
        if !rhs.is_variable() {
            return Err(Error::new("S0214").at(rhs.position).token(op));
        }
        Ok(PKind::Binary(op.into(), Box::new(left), Box::new(rhs)))
    }

    #[inline(never)]
    fn condition(&mut self, left: PNode) -> Result<PKind, Error> {
        let then = self.expression(0)?;
        let mut otherwise = None;
        if self.node.id == ":" {
            self.advance(Some(":"), false)?;
            otherwise = Some(Box::new(self.expression(0)?));
        }
        Ok(PKind::Condition(Box::new(left), Box::new(then), otherwise))
    }

    #[inline(never)]
    fn call_args(&mut self) -> Result<(Vec<PNode>, bool), Error> {
        let mut args = Vec::new();
        let mut partial = false;
        if self.node.id != ")" {
            loop {
                if self.node.id == "?" {
                    partial = true;
                    args.push(PNode::new(PKind::Op("?".into()), self.node.position));
                    self.advance(Some("?"), false)?;
                } else {
                    args.push(self.expression(0)?);
                }
                if self.node.id != "," {
                    break;
                }
                self.advance(Some(","), false)?;
            }
        }
        self.advance(Some(")"), true)?;
        Ok((args, partial))
    }

    #[inline(never)]
    fn function_call(&mut self, pos: usize, left: PNode) -> Result<PNode, Error> {
        let (args, partial) = self.call_args()?;
        let is_lambda = matches!(&left.kind, PKind::Name(n) if n == "function" || n == "\u{3BB}");
        if !is_lambda {
            let kind = PKind::Function { procedure: Box::new(left), args, partial };
            return Ok(PNode::new(kind, pos));
        }
        let mut names = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            match &arg.kind {
                PKind::Variable(v) => names.push(v.clone()),
                _ => {
                    return Err(Error::new("S0208")
                        .at(arg.position)
                        .token(raw_text(arg))
                        .value_json(Some((i + 1).to_string())))
                }
            }
        }
        let signature = self.lambda_signature()?;
        self.advance(Some("{"), false)?;
        let body = self.expression(0)?;
        self.advance(Some("}"), false)?;
        let kind = PKind::Lambda { args: names, signature, body: Box::new(body) };
        Ok(PNode::new(kind, pos))
    }

    #[inline(never)]
    fn lambda_signature(&mut self) -> Result<Option<Signature>, Error> {
        if self.node.id != "<" {
            return Ok(None);
        }
        let sig_pos = self.node.position;
        let mut depth = 1;
        let mut sig = String::from("<");
        while depth > 0 && self.node.id != "{" && self.node.id != "(end)" {
            self.advance(None, false)?;
            if self.node.id == ">" {
                depth -= 1;
            } else if self.node.id == "<" {
                depth += 1;
            }
            sig.push_str(&token_text(&self.node.tok).0);
        }
        self.advance(Some(">"), false)?;
        Signature::parse(&sig).map(Some).map_err(|(mut e, offset)| {
            e.position = Some(sig_pos + offset);
            e
        })
    }
}

/// The `value` of a raw node, for error tokens.
fn raw_text(n: &PNode) -> String {
    match &n.kind {
        PKind::Name(s) | PKind::Variable(s) | PKind::Str(s) | PKind::Op(s) => s.clone(),
        PKind::Num(x) => to_js_string(*x),
        PKind::Bool(b) => b.to_string(),
        PKind::Null => "null".into(),
        _ => String::new(),
    }
}
