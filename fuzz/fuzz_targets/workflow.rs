//! Workflows built from the fuzzer's bytes, so that runs reach the runtime (not only the
//! loader): chains of Pass, Choice, Map, Parallel, Wait, Task (echoed), Fail and Succeed states
//! whose payload templates, paths, intrinsic functions and JSONata expressions come from lists
//! of fragments, run on inputs that are deep, wide, large or numerically odd; every history
//! crosses the wire codec. Never a panic, never a hang.
#![no_main]

use std::rc::Rc;

use asl_playground::engine::StartOptions;
use asl_playground::host::{self, Mocks};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

const PATHS: &[&str] = &[
    "$", "$.a", "$.b", "$.a.b", "$..a", "$.list[0]", "$.list[-1:]", "$.list[*].a", "$.list[?(@.a > 1)]",
    "$.list[?(@.s == 'x')]", "$.list.length()", "$$.Execution.Input", "$$.Map.Item.Value", "$$.State.Name",
    "$.n", "$.s", "$.deep..a", "$['a']", "$.list[(@.length-1)]", "$.missing",
];

const INTRINSICS: &[&str] = &[
    "States.Format('{} and {}', $.a, $.s)", "States.StringToJson($.s)", "States.JsonToString($)",
    "States.Array($.a, $.n, $.s)", "States.ArrayPartition($.list, 2)", "States.ArrayContains($.list, $.n)",
    "States.ArrayRange(1, $.n, 1)", "States.ArrayGetItem($.list, 0)", "States.ArrayLength($.list)",
    "States.ArrayUnique($.list)", "States.Base64Encode($.s)", "States.Base64Decode($.s)",
    "States.Hash($.s, 'SHA-256')", "States.JsonMerge($.a, $.b, false)", "States.MathRandom(1, 999)",
    "States.MathAdd($.n, 1)", "States.StringSplit($.s, ',')", "States.UUID()",
    "States.Format('{}{}{}{}', $, $, $, $)", "States.Array(States.Array($), States.Array($))",
];

const JSONATA: &[&str] = &[
    "{% $states.input %}", "{% $states.input.a %}", "{% $count($states.input.list) %}",
    "{% $sum($states.input.list.a) %}", "{% $states.input.list[a > 1] %}", "{% $string($states.input) %}",
    "{% $reduce([1..$states.input.n], function($acc, $v){ {'x': $acc} }, 0) %}",
    "{% ($f := function($n){ $n > 0 ? $f($n - 1) : 0 }; $f($states.input.n)) %}",
    "{% $map($states.input.list, function($v){ $v.a * 2 }) %}", "{% [1..$states.input.n] %}",
    "{% $states.context.Execution.Input %}", "{% $replace($string($states.input.s), /,/, ';') %}",
    "{% $sort($states.input.list, function($a, $b){ $a.a > $b.a }) %}", "{% $parse($states.input.s) %}",
    "{% $hash($string($states.input), 'SHA-256') %}", "{% $partition($states.input.list, 2) %}",
    "{% $states.input.missing.field %}", "{% $error('boom') %}", "{% 1 / 0 %}", "{% $x %}",
];

const ERRORS: &[&str] = &["States.ALL", "States.TaskFailed", "States.Runtime", "States.DataLimitExceeded", "Boom"];

struct Builder<'u, 'd> {
    u: &'u mut Unstructured<'d>,
    names: usize,
    jsonata: bool,
}

impl Builder<'_, '_> {
    fn pick<'a>(&mut self, list: &[&'a str]) -> Result<&'a str> {
        Ok(list[self.u.choose_index(list.len())?])
    }

    fn name(&mut self) -> String {
        self.names += 1;
        format!("S{}", self.names)
    }

    /// A chain of states ending in a terminal one.
    fn workflow(&mut self, depth: usize) -> Result<Value> {
        let count = self.u.int_in_range(1..=5usize)?;
        let names: Vec<String> = (0..count).map(|_| self.name()).collect();
        let mut states = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            let next = names.get(i + 1).cloned();
            states.insert(name.clone(), self.state(next, &names, depth)?);
        }
        Ok(json!({"StartAt": names[0], "States": states}))
    }

    fn state(&mut self, next: Option<String>, names: &[String], depth: usize) -> Result<Value> {
        let kind = self.u.int_in_range(0..=8u8)?;
        let mut state = match (kind, depth) {
            (0, _) | (1, _) => self.pass()?,
            (2, _) => self.choice(names, next.as_deref())?,
            (3, d) if d < 3 => self.map(d)?,
            (4, d) if d < 3 => json!({"Type": "Parallel", "Branches": [self.workflow(d + 1)?, self.workflow(d + 1)?]}),
            (5, _) => json!({"Type": "Wait", "Seconds": self.u.int_in_range(0..=400_000u32)?}),
            (6, _) => self.task()?,
            (7, _) => json!({"Type": "Fail", "Error": self.pick(ERRORS)?, "Cause": "fuzzed"}),
            _ => self.pass()?,
        };
        let kind = state["Type"].as_str().unwrap_or_default().to_owned();
        if kind == "Choice" || kind == "Fail" || kind == "Succeed" {
            return Ok(state);
        }
        match next {
            Some(next) if !self.u.ratio(1, 8)? => state["Next"] = json!(next),
            _ => state["End"] = json!(true),
        }
        if matches!(kind.as_str(), "Task" | "Map" | "Parallel") && self.u.ratio(1, 3)? {
            let target = names[self.u.choose_index(names.len())?].clone();
            state["Catch"] = json!([{"ErrorEquals": [self.pick(ERRORS)?], "Next": target}]);
            if !self.jsonata {
                state["Catch"][0]["ResultPath"] = json!(self.pick(&["$.error", "$", "$.a.b"])?);
            }
        }
        Ok(state)
    }

    fn pass(&mut self) -> Result<Value> {
        if self.jsonata {
            return Ok(json!({"Type": "Pass", "Output": self.pick(JSONATA)?, "Assign": {"x": self.pick(JSONATA)?}}));
        }
        let mut state = json!({"Type": "Pass"});
        match self.u.int_in_range(0..=3u8)? {
            0 => state["Parameters"] = json!({"p.$": self.pick(PATHS)?, "i.$": self.pick(INTRINSICS)?, "k": 1}),
            1 => state["Result"] = self.value(3)?,
            2 => state["InputPath"] = json!(self.pick(PATHS)?),
            _ => state["Assign"] = json!({"v.$": self.pick(PATHS)?}),
        }
        if self.u.ratio(1, 3)? {
            state["ResultPath"] = json!(self.pick(&["$.r", "$.a.b", "$", "$.list[0]"])?);
        }
        if self.u.ratio(1, 4)? {
            state["OutputPath"] = json!(self.pick(PATHS)?);
        }
        Ok(state)
    }

    fn choice(&mut self, names: &[String], default: Option<&str>) -> Result<Value> {
        let target = names[self.u.choose_index(names.len())?].clone();
        let default = default.map(str::to_owned).unwrap_or_else(|| target.clone());
        if self.jsonata {
            let condition = self.pick(&["{% $states.input.n > 2 %}", "{% $exists($states.input.a) %}", "{% $x %}"])?;
            return Ok(json!({"Type": "Choice", "Choices": [{"Condition": condition, "Next": target}], "Default": default}));
        }
        let rule = match self.u.int_in_range(0..=3u8)? {
            0 => json!({"Variable": self.pick(PATHS)?, "NumericGreaterThan": 2, "Next": target}),
            1 => json!({"Variable": self.pick(PATHS)?, "IsPresent": true, "Next": target}),
            2 => json!({"Variable": self.pick(PATHS)?, "StringMatches": "*x*", "Next": target}),
            _ => json!({"Not": {"Variable": "$.n", "NumericEqualsPath": self.pick(PATHS)?}, "Next": target}),
        };
        Ok(json!({"Type": "Choice", "Choices": [rule], "Default": default}))
    }

    fn map(&mut self, depth: usize) -> Result<Value> {
        let mut state = json!({"Type": "Map", "ItemProcessor": self.workflow(depth + 1)?,
            "MaxConcurrency": self.u.int_in_range(0..=3u32)?});
        if self.jsonata {
            state["Items"] = json!(self.pick(&["{% $states.input.list %}", "{% [1..$states.input.n] %}"])?);
        } else {
            state["ItemsPath"] = json!(self.pick(&["$.list", "$.deep", "$", "$.missing"])?);
            if self.u.ratio(1, 2)? {
                state["ItemSelector"] = json!({"item.$": "$$.Map.Item.Value", "all.$": self.pick(PATHS)?});
            }
            if self.u.ratio(1, 4)? {
                state["ToleratedFailurePercentage"] = json!(50);
            }
        }
        Ok(state)
    }

    fn task(&mut self) -> Result<Value> {
        let mut state = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"}});
        if !self.jsonata {
            state = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "f", "Payload.$": self.pick(PATHS)?}, "ResultSelector": {"r.$": "$.Payload"}});
        }
        if self.u.ratio(1, 3)? {
            state["Retry"] = json!([{"ErrorEquals": ["States.ALL"], "MaxAttempts": self.u.int_in_range(0..=4u32)?,
                "IntervalSeconds": 1, "BackoffRate": 2.0, "JitterStrategy": "FULL"}]);
        }
        Ok(state)
    }

    /// A JSON value: scalars of every kind, and arrays and objects `depth` levels deep.
    fn value(&mut self, depth: usize) -> Result<Value> {
        Ok(match self.u.int_in_range(0..=9u8)? {
            0 => Value::Null,
            1 => json!(self.u.arbitrary::<bool>()?),
            2 => json!(self.u.arbitrary::<i64>()?),
            3 => json!(self.u.arbitrary::<f64>().ok().filter(|f| f.is_finite()).unwrap_or(0.5)),
            4 => json!(self.pick(&["", "x", "a,b,c", "{\"a\":1}", "[1,2", "éé😀", "aGVsbG8="])?),
            5 if self.u.ratio(1, 16)? => json!("y".repeat(70_000)),
            5 => json!("y".repeat(self.u.int_in_range(0..=300usize)?)),
            6 | 7 if depth > 0 => {
                let len = self.u.int_in_range(0..=4usize)?;
                Value::from((0..len).map(|_| self.value(depth - 1)).collect::<Result<Vec<_>>>()?)
            }
            8 | 9 if depth > 0 => {
                let mut map = serde_json::Map::new();
                for key in ["a", "b", "s", "n", "list"] {
                    if self.u.ratio(1, 2)? {
                        map.insert(key.to_owned(), self.value(depth - 1)?);
                    }
                }
                Value::Object(map)
            }
            _ => json!(self.u.int_in_range(0..=30i64)?),
        })
    }

    /// An input with the fields the fragments read, sometimes nested deep.
    fn input(&mut self) -> Result<Value> {
        let mut deep = json!({"a": 1});
        let levels = if self.u.ratio(1, 8)? { 300 } else { self.u.int_in_range(0..=5usize)? };
        for _ in 0..levels {
            let mut outer = serde_json::Map::new();
            outer.insert("a".to_owned(), deep); // moved: json! would copy the whole chain each level
            deep = Value::Object(outer);
        }
        Ok(json!({
            "a": self.value(3)?, "b": self.value(3)?, "s": self.value(1)?, "n": self.u.int_in_range(0..=40i64)?,
            "list": [self.value(2)?, {"a": 2, "s": "x"}, {"a": 3}], "deep": deep,
        }))
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(jsonata) = u.arbitrary::<bool>() else { return };
    let mut builder = Builder { u: &mut u, names: 0, jsonata };
    let (Ok(mut definition), Ok(input)) = (builder.workflow(0), builder.input()) else { return };
    if jsonata {
        definition["QueryLanguage"] = json!("JSONata");
    }
    if std::env::var_os("FUZZ_PRINT").is_some() {
        eprintln!("definition: {definition}\ninput: {}", input.to_string().chars().take(2_000).collect::<String>());
    }
    let Ok(machine) = asl_playground::asl::load(&definition.to_string()) else { return };
    // Loops end soon: thousands of runs a second matter more than long histories here.
    let options = StartOptions { max_steps: 5_000, max_history_events: Some(500), ..StartOptions::default() };
    let input = json_value::Value::from(&input);
    let (_, execution) = host::run(Rc::new(machine), input, options, &Mocks::Echo);
    // The page's path for every history: the wire codec, both ways.
    let reports = vec![asl_playground::host::session::Report::Events(execution.history().to_vec())];
    let value = asl_playground::host::session::codec::reports_to_value(&reports);
    let text = json_value::wire::Encoder::default().encode(&value);
    let back = json_value::wire::Decoder::default().decode(&text).expect("our own message decodes");
    // Written again, the decoded history is the same message: same values, same sharing (a
    // comparison value by value would cost the documents' unshared size).
    assert_eq!(json_value::wire::Encoder::default().encode(&back), text, "the wire codec changed a history");
});
