//! The projects the playground ships with: a definition, its Lambda handlers as JavaScript
//! snippets, and named execution inputs. The files live under `static/examples/`.

use serde_json::Value;

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
    fn order_inputs_are_in_stock_out_of_stock_and_invalid() {
        let inputs = order().inputs;
        let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["in stock", "out of stock", "invalid order"]);
        assert_eq!(inputs[0].input, json!({"orderId": "A1001", "itemId": "I201", "qty": 2, "amount": 499}));
        assert_eq!((inputs[1].input["orderId"].clone(), inputs[1].input["qty"].clone()), (json!("A1002"), json!(9)));
        assert_eq!(inputs[2].input["qty"], json!(0));
    }
}
