//! The 18 intrinsic functions, by their exact AWS names, and how many arguments each takes.

/// One of ASL's intrinsic functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    /// `States.Format(template, value…)`: fills each `{}` with the next value.
    Format,
    /// `States.StringToJson(text)`: parses JSON text.
    StringToJson,
    /// `States.JsonToString(value)`: compact JSON text.
    JsonToString,
    /// `States.Array(value…)`: an array of the values.
    Array,
    /// `States.ArrayPartition(array, size)`: chunks of `size` items.
    ArrayPartition,
    /// `States.ArrayContains(array, value)`: whether `value` is an item.
    ArrayContains,
    /// `States.ArrayRange(first, last, step)`: an arithmetic sequence of at most 1000 numbers.
    ArrayRange,
    /// `States.ArrayGetItem(array, index)`: the item at `index`.
    ArrayGetItem,
    /// `States.ArrayLength(array)`: the number of items.
    ArrayLength,
    /// `States.ArrayUnique(array)`: the items without duplicates.
    ArrayUnique,
    /// `States.Base64Encode(text)`: standard Base64 of the UTF-8 bytes.
    Base64Encode,
    /// `States.Base64Decode(text)`: the text Base64 decodes to.
    Base64Decode,
    /// `States.Hash(data, algorithm)`: a hex digest (MD5, SHA-1, SHA-256, SHA-384, SHA-512).
    Hash,
    /// `States.JsonMerge(left, right, false)`: `right`'s keys over `left`'s, shallowly.
    JsonMerge,
    /// `States.MathRandom(start, end[, seed])`: an integer in `[start, end)`.
    MathRandom,
    /// `States.MathAdd(a, b)`: the sum of two 32-bit integers.
    MathAdd,
    /// `States.StringSplit(text, delimiters)`: the non-empty pieces between delimiter characters.
    StringSplit,
    /// `States.UUID()`: a random version 4 UUID.
    Uuid,
}

impl Function {
    /// Every intrinsic function, in the order of AWS's developer guide.
    pub const ALL: [Function; 18] = [
        Function::Format,
        Function::StringToJson,
        Function::JsonToString,
        Function::Array,
        Function::ArrayPartition,
        Function::ArrayContains,
        Function::ArrayRange,
        Function::ArrayGetItem,
        Function::ArrayLength,
        Function::ArrayUnique,
        Function::Base64Encode,
        Function::Base64Decode,
        Function::Hash,
        Function::JsonMerge,
        Function::MathRandom,
        Function::MathAdd,
        Function::StringSplit,
        Function::Uuid,
    ];

    /// The name as written in a definition, e.g. `States.Format`.
    pub fn name(self) -> &'static str {
        match self {
            Function::Format => "States.Format",
            Function::StringToJson => "States.StringToJson",
            Function::JsonToString => "States.JsonToString",
            Function::Array => "States.Array",
            Function::ArrayPartition => "States.ArrayPartition",
            Function::ArrayContains => "States.ArrayContains",
            Function::ArrayRange => "States.ArrayRange",
            Function::ArrayGetItem => "States.ArrayGetItem",
            Function::ArrayLength => "States.ArrayLength",
            Function::ArrayUnique => "States.ArrayUnique",
            Function::Base64Encode => "States.Base64Encode",
            Function::Base64Decode => "States.Base64Decode",
            Function::Hash => "States.Hash",
            Function::JsonMerge => "States.JsonMerge",
            Function::MathRandom => "States.MathRandom",
            Function::MathAdd => "States.MathAdd",
            Function::StringSplit => "States.StringSplit",
            Function::Uuid => "States.UUID",
        }
    }

    /// The function named `name` (exact spelling, e.g. `States.UUID`), if there is one.
    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|function| function.name() == name)
    }

    /// The fewest and most arguments the function takes (`None`: no upper bound).
    pub fn arity(self) -> (usize, Option<usize>) {
        match self {
            Function::Format => (1, None),
            Function::Array => (0, None),
            Function::Uuid => (0, Some(0)),
            Function::MathRandom => (2, Some(3)),
            Function::ArrayRange | Function::JsonMerge => (3, Some(3)),
            Function::ArrayPartition
            | Function::ArrayContains
            | Function::ArrayGetItem
            | Function::Hash
            | Function::MathAdd
            | Function::StringSplit => (2, Some(2)),
            Function::StringToJson
            | Function::JsonToString
            | Function::ArrayLength
            | Function::ArrayUnique
            | Function::Base64Encode
            | Function::Base64Decode => (1, Some(1)),
        }
    }

    /// Whether the function takes `count` arguments.
    pub fn accepts(self, count: usize) -> bool {
        let (least, most) = self.arity();
        count >= least && most.is_none_or(|most| count <= most)
    }

    /// The arity in words: "takes 2 arguments", "takes 2 or 3 arguments", "takes at least 1".
    pub fn arity_text(self) -> String {
        match self.arity() {
            (0, Some(0)) => "takes no arguments".to_owned(),
            (1, Some(1)) => "takes 1 argument".to_owned(),
            (least, Some(most)) if least == most => format!("takes {least} arguments"),
            (least, Some(most)) => format!("takes {least} to {most} arguments"),
            (0, None) => "takes any number of arguments".to_owned(),
            (least, None) => format!("takes at least {least} argument(s)"),
        }
    }
}

impl std::fmt::Display for Function {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Function;

    #[test]
    fn names_round_trip() {
        for function in Function::ALL {
            assert_eq!(Function::from_name(function.name()), Some(function));
        }
        assert_eq!(Function::from_name("States.Uuid"), None);
        assert_eq!(Function::from_name("States.format"), None);
        assert_eq!(Function::from_name("Format"), None);
    }

    #[test]
    fn arities() {
        assert!(Function::Array.accepts(0) && Function::Array.accepts(40));
        assert!(Function::Format.accepts(1) && !Function::Format.accepts(0));
        assert!(Function::MathRandom.accepts(2) && Function::MathRandom.accepts(3));
        assert!(!Function::MathRandom.accepts(4) && !Function::Uuid.accepts(1));
        assert_eq!(Function::Hash.arity_text(), "takes 2 arguments");
        assert_eq!(Function::MathRandom.arity_text(), "takes 2 to 3 arguments");
        assert_eq!(Function::Uuid.arity_text(), "takes no arguments");
        assert_eq!(Function::Format.arity_text(), "takes at least 1 argument(s)");
    }
}
