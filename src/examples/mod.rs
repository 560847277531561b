//! The projects the playground ships with: a definition, its Lambda handlers as JavaScript
//! snippets, and named execution inputs. The files live under `static/examples/`.

use serde_json::Value;

use crate::share::Project;

/// A ready-to-run project.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// What the gallery calls it.
    pub title: &'static str,
    /// The ASL definition, as JSON text.
    pub definition: &'static str,
    /// One JavaScript handler per Lambda function the definition calls.
    pub handlers: Vec<Handler>,
    /// Named execution inputs; the first is selected at start.
    pub inputs: Vec<NamedInput>,
    /// Objects in the mock S3: bucket, key, content.
    pub s3: Vec<(String, String, String)>,
    /// A MockConfigFile whose test cases the page offers as scenarios (throttles, failures).
    pub mock_config: Option<&'static str>,
}

/// A Lambda function's mock: Node.js-style `export const handler = async (event, context) => …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handler {
    /// The function's name, as in its ARN (`…:function:<name>`).
    pub function_name: String,
    /// The JavaScript source.
    pub source: String,
}

/// An execution input with a name.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedInput {
    /// The name shown in the input picker.
    pub name: String,
    /// The input document.
    pub input: Value,
}

impl Example {
    /// The example as a playground project, its first input selected.
    pub fn project(&self) -> Project {
        Project {
            definition: self.definition.to_owned(),
            handlers: self.handlers.iter().map(|h| (h.function_name.clone(), h.source.clone())).collect(),
            inputs: self.inputs.iter().map(|i| (i.name.clone(), i.input.clone())).collect(),
            selected_input: 0,
            static_responses: Vec::new(),
            handler_limit_ms: 5_000,
            name: self.title.to_owned(),
            mock_config: self.mock_config.map(str::to_owned),
            test_case: None,
            s3: self.s3.clone(),
        }
    }
}

/// Every example, as the gallery lists them: the order workflow first.
pub fn gallery() -> Vec<Example> {
    vec![
        order(),
        order_jsonata(),
        example(
            "Retry with backoff and jitter",
            include_str!("../../static/examples/retry-backoff/definition.asl.json"),
            &[("bookShipment", include_str!("../../static/examples/retry-backoff/bookShipment.js"))],
            include_str!("../../static/examples/retry-backoff/inputs.json"),
        ),
        example(
            "Catch with a fallback",
            include_str!("../../static/examples/catch-fallback/definition.asl.json"),
            &[("quoteExpressShipping", include_str!("../../static/examples/catch-fallback/quoteExpressShipping.js"))],
            include_str!("../../static/examples/catch-fallback/inputs.json"),
        ),
        example(
            "Map over order lines",
            include_str!("../../static/examples/map-items/definition.asl.json"),
            &[
                ("priceLine", include_str!("../../static/examples/map-items/priceLine.js")),
                ("totalOrder", include_str!("../../static/examples/map-items/totalOrder.js")),
            ],
            include_str!("../../static/examples/map-items/inputs.json"),
        ),
        example(
            "Parallel fan-out",
            include_str!("../../static/examples/parallel-fan-out/definition.asl.json"),
            &[
                ("checkFraud", include_str!("../../static/examples/parallel-fan-out/checkFraud.js")),
                ("reserveStock", include_str!("../../static/examples/parallel-fan-out/reserveStock.js")),
                ("quoteShipping", include_str!("../../static/examples/parallel-fan-out/quoteShipping.js")),
            ],
            include_str!("../../static/examples/parallel-fan-out/inputs.json"),
        ),
        example(
            "Wait, then remind",
            include_str!("../../static/examples/wait-reminder/definition.asl.json"),
            &[],
            include_str!("../../static/examples/wait-reminder/inputs.json"),
        ),
        example(
            "Human approval (task token)",
            include_str!("../../static/examples/human-approval/definition.asl.json"),
            &[("requestApproval", include_str!("../../static/examples/human-approval/requestApproval.js"))],
            include_str!("../../static/examples/human-approval/inputs.json"),
        ),
        example(
            "Variables (JSONata)",
            include_str!("../../static/examples/variables/definition.asl.json"),
            &[("getCustomer", include_str!("../../static/examples/variables/getCustomer.js"))],
            include_str!("../../static/examples/variables/inputs.json"),
        ),
        Example {
            s3: vec![
                s3_object(
                    "orders-in",
                    "orders.csv",
                    include_str!("../../static/examples/distributed-csv/s3/orders-in/orders.csv"),
                ),
                s3_object(
                    "orders-in",
                    "orders-with-errors.csv",
                    include_str!("../../static/examples/distributed-csv/s3/orders-in/orders-with-errors.csv"),
                ),
                s3_object("order-results", "", ""),
            ],
            ..example(
                "Process a CSV of orders with Distributed Map",
                include_str!("../../static/examples/distributed-csv/definition.asl.json"),
                &[("priceBatch", include_str!("../../static/examples/distributed-csv/priceBatch.js"))],
                include_str!("../../static/examples/distributed-csv/inputs.json"),
            )
        },
    ]
}

/// An object of an example's mock S3 (an empty key: an empty bucket).
fn s3_object(bucket: &str, key: &str, body: &str) -> (String, String, String) {
    (bucket.to_owned(), key.to_owned(), body.to_owned())
}

/// An example from its files: `inputs.json` is `[{"name", "input", "expect"}]` (`expect` is
/// what a run gives, for the tests).
fn example(title: &'static str, definition: &'static str, handlers: &[(&str, &str)], inputs: &str) -> Example {
    let inputs: Vec<Value> = serde_json::from_str(inputs).unwrap_or_default();
    Example {
        title,
        definition,
        handlers: handlers.iter().map(|(name, source)| handler(name, source)).collect(),
        s3: Vec::new(),
        mock_config: None,
        inputs: inputs
            .iter()
            .map(|i| NamedInput { name: i["name"].as_str().unwrap_or_default().to_owned(), input: i["input"].clone() })
            .collect(),
    }
}

/// The order-processing workflow: ValidateOrder → CheckInventory → InventoryChoice →
/// ProcessPayment, or NotifyFailure (SNS) → FailState.
pub fn order() -> Example {
    Example {
        title: "Order processing",
        definition: include_str!("../../static/examples/order/definition.asl.json"),
        handlers: vec![
            handler("validateOrder", include_str!("../../static/examples/order/validateOrder.js")),
            handler("checkInventory", include_str!("../../static/examples/order/checkInventory.js")),
            handler("processPayment", include_str!("../../static/examples/order/processPayment.js")),
        ],
        inputs: vec![
            named_input("in stock", include_str!("../../static/examples/order/input-in-stock.json")),
            named_input("out of stock", include_str!("../../static/examples/order/input-out-of-stock.json")),
            named_input("invalid order", include_str!("../../static/examples/order/input-invalid-order.json")),
        ],
        s3: Vec::new(),
        mock_config: Some(include_str!("../../static/examples/order/mock-config.json")),
    }
}

/// The same workflow in JSONata, keeping the order id in a variable.
pub fn order_jsonata() -> Example {
    Example {
        title: "Order processing (JSONata and variables)",
        definition: include_str!("../../static/examples/order-jsonata/definition.asl.json"),
        ..order()
    }
}

fn handler(function_name: &str, source: &str) -> Handler {
    Handler { function_name: function_name.to_owned(), source: source.to_owned() }
}

/// An input file of ours; a test checks that each one parses.
fn named_input(name: &str, text: &str) -> NamedInput {
    NamedInput { name: name.to_owned(), input: serde_json::from_str(text).unwrap_or(Value::Null) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asl;
    use serde_json::json;

    #[test]
    fn order_definition_loads_with_its_six_states() {
        let machine = asl::load(order().definition).expect("the order example is valid");
        assert_eq!(
            machine.state_names(),
            ["ValidateOrder", "CheckInventory", "InventoryChoice", "ProcessPayment", "NotifyFailure", "FailState"]
        );
    }

    #[test]
    fn the_jsonata_order_has_the_same_states() {
        let jsonpath = asl::load(order().definition).expect("valid");
        let jsonata = asl::load(order_jsonata().definition).expect("valid");
        assert_eq!(jsonpath.state_names(), jsonata.state_names());
        assert_eq!(jsonata.query_language, asl::QueryLanguage::Jsonata);
    }

    #[test]
    fn order_has_a_handler_for_every_lambda_it_calls() {
        let example = order();
        for handler in &example.handlers {
            let arn = format!("arn:aws:lambda:us-east-1:123456789012:function:{}", handler.function_name);
            assert!(example.definition.contains(&arn), "{arn} is not called");
            assert!(handler.source.contains("export const handler"));
        }
        assert_eq!(example.handlers.len(), 3);
    }

    #[test]
    fn every_example_loads_with_a_handler_per_function_and_inputs_ready() {
        let gallery = gallery();
        assert_eq!(gallery.len(), 10);
        for example in gallery {
            let machine = asl::load(example.definition).unwrap_or_else(|p| panic!("{}: {p:?}", example.title));
            let mut called = crate::app::called_functions(&machine);
            let mut handled: Vec<String> = example.handlers.iter().map(|h| h.function_name.clone()).collect();
            called.sort();
            handled.sort();
            assert_eq!(called, handled, "{}", example.title);
            assert!(
                !example.inputs.is_empty() && example.inputs.iter().all(|i| !i.name.is_empty() && i.input.is_object()),
                "{}",
                example.title
            );
            assert!(example.handlers.iter().all(|h| h.source.contains("export const handler")), "{}", example.title);
        }
    }

    #[test]
    fn the_largest_example_still_fits_in_a_link() {
        let longest = gallery().iter().map(|e| crate::share::encode(&e.project()).len()).max();
        assert!(longest.is_some_and(|n| n < 4_000), "{longest:?} characters");
    }

    #[test]
    fn order_inputs_are_in_stock_out_of_stock_and_invalid() {
        let inputs = order().inputs;
        let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["in stock", "out of stock", "invalid order"]);
        assert_eq!(inputs[0].input, json!({"orderId": "A1001", "itemId": "I201", "qty": 2, "amount": 499}));
        assert_eq!((inputs[1].input["orderId"].clone(), inputs[1].input["qty"].clone()), (json!("A1002"), json!(9)));
        assert_eq!(inputs[2].input["qty"], json!(0));
    }
}
