//! The Distributed Map's fields: `ItemProcessor.ProcessorConfig`, `ItemReader`, `ItemBatcher`,
//! `ResultWriter`. Their shapes follow AWS's developer guide ("ItemReader (Map)", "ItemBatcher
//! (Map)", "ResultWriter (Map)") and AWS's amazon-states-language-service schema
//! (`json-schema/partial/map_state.json`); where those are silent we say what we chose.

use std::rc::Rc;

use json_value::Value;

use super::fields::Fields;
use super::Loader;
use crate::asl::diagnostic::Code;
use crate::asl::model::{
    Count, Distributed, ExecutionType, InputType, ItemBatcher, ItemReader, Payload, QueryLanguage, ResultWriter,
    StateMachine, Transformation, Workflow,
};

const ITEM_READER_FIELDS: &[&str] = &["Resource", "Parameters", "Arguments", "ReaderConfig"];
const READER_CONFIG_FIELDS: &[&str] =
    &["InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems", "MaxItemsPath", "ManifestType"];
const ITEM_BATCHER_FIELDS: &[&str] =
    &["MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput"];
const RESULT_WRITER_FIELDS: &[&str] = &["Resource", "Parameters", "Arguments", "WriterConfig"];
/// The fields only a Map in `DISTRIBUTED` mode may have.
const DISTRIBUTED_ONLY: &[&str] = &["ItemReader", "ItemBatcher", "ResultWriter"];
/// AWS's largest `MaxItems` ("0 - 100000000", LocalStack's AWS-validated
/// `test_map_item_reader_csv_max_items`).
const MAX_ITEMS: f64 = 100_000_000.0;
/// `MaxInputBytesPerBatch`: at most 256 KiB (developer guide, "ItemBatcher (Map)").
const MAX_BATCH_BYTES: f64 = 262_144.0;

impl Loader<'_> {
    /// The Distributed Map's own fields, when `ProcessorConfig.Mode` is `DISTRIBUTED`; in
    /// `INLINE` mode the distributed-only fields are reported.
    pub(super) fn distributed(
        &mut self,
        fields: &Fields,
        processor: Option<&Rc<Workflow>>,
        label: Option<String>,
    ) -> Option<Box<Distributed>> {
        let execution_type = match self.processor_mode(fields) {
            Some(execution_type) => execution_type,
            None => {
                for key in DISTRIBUTED_ONLY.iter().filter(|k| fields.get(k).is_some()) {
                    let message =
                        format!("\"{key}\" is only allowed in a Map whose ProcessorConfig Mode is DISTRIBUTED");
                    self.report(Code::UnknownField, &fields.at(key), message);
                }
                return None;
            }
        };
        let item_reader = self.item_reader(fields);
        let item_batcher = self.item_batcher(fields);
        let result_writer = self.result_writer(fields);
        let machine = Rc::new(StateMachine {
            workflow: processor?.clone(),
            timeout_seconds: None,
            query_language: self.language,
            uses_context: true,
            uses_execution_context: true,
        });
        Some(Box::new(Distributed { execution_type, label, item_reader, item_batcher, result_writer, machine }))
    }

    /// `ProcessorConfig` of the `ItemProcessor` (or legacy `Iterator`): the child executions'
    /// type in `DISTRIBUTED` mode, `None` in `INLINE` mode (the default).
    fn processor_mode(&mut self, fields: &Fields) -> Option<ExecutionType> {
        let key = if fields.get("Iterator").is_some() { "Iterator" } else { "ItemProcessor" };
        let processor = self.object(fields.get(key)?, fields.at(key))?;
        let config = self.object(processor.get("ProcessorConfig")?, processor.at("ProcessorConfig"))?;
        self.check_known(&config, &["Mode", "ExecutionType"], "ProcessorConfig");
        match self.optional_string(&config, "Mode").as_deref() {
            None | Some("INLINE") => return None,
            Some("DISTRIBUTED") => {}
            Some(other) => {
                let message = format!("\"Mode\" must be \"INLINE\" or \"DISTRIBUTED\", not \"{other}\"");
                self.report(Code::InvalidValue, &config.at("Mode"), message);
                return None;
            }
        }
        // AWS's guide: "You must provide this field if you specified DISTRIBUTED for the Mode".
        match self.required_string(&config, "ExecutionType").as_deref() {
            Some("STANDARD") => Some(ExecutionType::Standard),
            Some("EXPRESS") => Some(ExecutionType::Express),
            Some(other) => {
                let message = format!("\"ExecutionType\" must be \"STANDARD\" or \"EXPRESS\", not \"{other}\"");
                self.report(Code::InvalidValue, &config.at("ExecutionType"), message);
                Some(ExecutionType::Standard)
            }
            None => Some(ExecutionType::Standard),
        }
    }

    fn item_reader(&mut self, map: &Fields) -> Option<ItemReader> {
        let fields = self.object(map.get("ItemReader")?, map.at("ItemReader"))?;
        self.check_known(&fields, ITEM_READER_FIELDS, "ItemReader");
        let resource = self.s3_resource(&fields, &["getObject", "listObjectsV2"])?;
        let arguments = self.sub_arguments(&fields);
        let lists = resource.ends_with(":listObjectsV2");
        let mut reader = ItemReader {
            resource,
            arguments,
            input_type: None,
            csv_headers: None,
            csv_delimiter: ',',
            max_items: None,
        };
        match fields.get("ReaderConfig") {
            Some(value) => {
                let config = self.object(value, fields.at("ReaderConfig"))?;
                self.reader_config(&config, &mut reader, lists)?;
            }
            None if !lists => {
                self.report(Code::MissingField, &fields.pointer, "Missing required field \"ReaderConfig\"");
                return None;
            }
            None => {}
        }
        Some(reader)
    }

    fn reader_config(&mut self, config: &Fields, reader: &mut ItemReader, lists: bool) -> Option<()> {
        self.check_known(config, READER_CONFIG_FIELDS, "ReaderConfig");
        if let Some(kind) = self.optional_string(config, "ManifestType").filter(|k| k != "S3_INVENTORY") {
            let message =
                format!("\"ManifestType\": \"{kind}\" is not supported by this interpreter (S3_INVENTORY is)");
            self.report(Code::Unsupported, &config.at("ManifestType"), message);
        }
        reader.max_items = self.whole_count(config, "MaxItems", 0.0, MAX_ITEMS);
        reader.input_type = match self.optional_string(config, "InputType").as_deref() {
            None if lists => None,
            None => {
                self.report(Code::MissingField, &config.pointer, "Missing required field \"InputType\"");
                return None;
            }
            Some("JSON") => Some(InputType::Json),
            Some("JSONL") => Some(InputType::Jsonl),
            Some("CSV") => Some(InputType::Csv),
            Some("MANIFEST") => Some(InputType::Manifest),
            Some(other @ "PARQUET") => {
                let message = format!(
                    "\"InputType\": \"{other}\" is not supported by this interpreter (CSV, JSON, JSONL and MANIFEST are)"
                );
                self.report(Code::Unsupported, &config.at("InputType"), message);
                return None;
            }
            Some(other) => {
                let message = format!("\"InputType\" must be CSV, JSON, JSONL, MANIFEST or PARQUET, not \"{other}\"");
                self.report(Code::InvalidValue, &config.at("InputType"), message);
                return None;
            }
        };
        if reader.input_type == Some(InputType::Csv) {
            reader.csv_headers = self.csv_headers(config);
            reader.csv_delimiter = self.csv_delimiter(config);
        }
        Some(())
    }

    /// `CSVHeaderLocation` `FIRST_ROW` (the default: `None`) or `GIVEN` with `CSVHeaders`.
    fn csv_headers(&mut self, config: &Fields) -> Option<Vec<String>> {
        let location = self.optional_string(config, "CSVHeaderLocation");
        match location.as_deref() {
            None | Some("FIRST_ROW") => {
                if config.get("CSVHeaders").is_some() {
                    let message = "\"CSVHeaders\" is only allowed with \"CSVHeaderLocation\": \"GIVEN\"";
                    self.report(Code::FieldConflict, &config.at("CSVHeaders"), message);
                }
                None
            }
            Some("GIVEN") => {
                let headers = config.get("CSVHeaders").and_then(Value::as_array).filter(|a| !a.is_empty());
                let names: Option<Vec<String>> =
                    headers.and_then(|a| a.iter().map(|h| h.as_str().map(str::to_owned)).collect());
                if names.is_none() {
                    let message = "\"CSVHeaderLocation\": \"GIVEN\" needs \"CSVHeaders\", a non-empty array of strings";
                    self.report(Code::MissingField, &config.pointer, message);
                }
                names
            }
            Some(other) => {
                let message = format!("\"CSVHeaderLocation\" must be FIRST_ROW or GIVEN, not \"{other}\"");
                self.report(Code::InvalidValue, &config.at("CSVHeaderLocation"), message);
                None
            }
        }
    }

    fn csv_delimiter(&mut self, config: &Fields) -> char {
        match self.optional_string(config, "CSVDelimiter").as_deref() {
            None | Some("COMMA") => ',',
            Some("PIPE") => '|',
            Some("SEMICOLON") => ';',
            Some("SPACE") => ' ',
            Some("TAB") => '\t',
            Some(other) => {
                let message = format!("\"CSVDelimiter\" must be COMMA, PIPE, SEMICOLON, SPACE or TAB, not \"{other}\"");
                self.report(Code::InvalidValue, &config.at("CSVDelimiter"), message);
                ','
            }
        }
    }

    fn item_batcher(&mut self, map: &Fields) -> Option<ItemBatcher> {
        let fields = self.object(map.get("ItemBatcher")?, map.at("ItemBatcher"))?;
        self.check_known(&fields, ITEM_BATCHER_FIELDS, "ItemBatcher");
        let max_items_per_batch = self.whole_count(&fields, "MaxItemsPerBatch", 1.0, f64::MAX);
        let max_input_bytes_per_batch = self.whole_count(&fields, "MaxInputBytesPerBatch", 1.0, MAX_BATCH_BYTES);
        let batch_input = match self.language {
            QueryLanguage::JsonPath => self.template(&fields, "BatchInput").map(Payload::JsonPath),
            QueryLanguage::Jsonata => self.jsonata_template(&fields, "BatchInput").map(Payload::Jsonata),
        };
        // Our reading of the guide's "ItemBatcher (Map)": at least one limit says how to batch.
        if max_items_per_batch.is_none() && max_input_bytes_per_batch.is_none() {
            let message = "\"ItemBatcher\" needs MaxItemsPerBatch(Path) or MaxInputBytesPerBatch(Path)";
            self.report(Code::MissingField, &fields.pointer, message);
        }
        Some(ItemBatcher { max_items_per_batch, max_input_bytes_per_batch, batch_input })
    }

    fn result_writer(&mut self, map: &Fields) -> Option<ResultWriter> {
        let fields = self.object(map.get("ResultWriter")?, map.at("ResultWriter"))?;
        self.check_known(&fields, RESULT_WRITER_FIELDS, "ResultWriter");
        let exports = fields.get("Resource").is_some();
        if exports {
            self.s3_resource(&fields, &["putObject"])?;
        }
        let arguments = self.sub_arguments(&fields);
        if exports && arguments.is_none() {
            let key = if self.language == QueryLanguage::Jsonata { "Arguments" } else { "Parameters" };
            self.report(
                Code::MissingField,
                &fields.pointer,
                format!("Missing required field \"{key}\" (Bucket, Prefix)"),
            );
        }
        let (jsonl, transformation) = match fields.get("WriterConfig") {
            Some(value) => {
                let config = self.object(value, fields.at("WriterConfig"))?;
                self.writer_config(&config)?
            }
            None if exports => (false, Transformation::None),
            None => {
                // The guide: "The ResultWriter field cannot be empty".
                let message = "\"ResultWriter\" needs Resource and Parameters, or WriterConfig, or both";
                self.report(Code::MissingField, &fields.pointer, message);
                return None;
            }
        };
        Some(ResultWriter { arguments: arguments.filter(|_| exports), jsonl, transformation })
    }

    fn writer_config(&mut self, config: &Fields) -> Option<(bool, Transformation)> {
        self.check_known(config, &["OutputType", "Transformation"], "WriterConfig");
        let jsonl = match self.required_string(config, "OutputType")?.as_str() {
            "JSON" => false,
            "JSONL" => true,
            other => {
                let message = format!("\"OutputType\" must be JSON or JSONL, not \"{other}\"");
                self.report(Code::InvalidValue, &config.at("OutputType"), message);
                return None;
            }
        };
        let transformation = match self.optional_string(config, "Transformation").as_deref() {
            None | Some("NONE") => Transformation::None,
            Some("COMPACT") => Transformation::Compact,
            Some("FLATTEN") => Transformation::Flatten,
            Some(other) => {
                let message = format!("\"Transformation\" must be NONE, COMPACT or FLATTEN, not \"{other}\"");
                self.report(Code::InvalidValue, &config.at("Transformation"), message);
                return None;
            }
        };
        Some((jsonl, transformation))
    }

    /// `Resource`: `arn:<partition>:states:::s3:<action>` for one of `actions`.
    fn s3_resource(&mut self, fields: &Fields, actions: &[&str]) -> Option<String> {
        let resource = self.required_string(fields, "Resource")?;
        let action = resource.strip_prefix("arn:").and_then(|r| r.split_once(":states:::s3:")).map(|(_, a)| a);
        if action.is_some_and(|a| actions.contains(&a)) {
            return Some(resource);
        }
        let expected: Vec<String> = actions.iter().map(|a| format!("arn:aws:states:::s3:{a}")).collect();
        let message = format!("\"Resource\" must be {}, not \"{resource}\"", expected.join(" or "));
        self.report(Code::InvalidValue, &fields.at("Resource"), message);
        None
    }

    /// `Parameters` (JSONPath) or `Arguments` (JSONata) of an ItemReader or ResultWriter.
    fn sub_arguments(&mut self, fields: &Fields) -> Option<Payload> {
        let (own, other) = match self.language {
            QueryLanguage::JsonPath => ("Parameters", "Arguments"),
            QueryLanguage::Jsonata => ("Arguments", "Parameters"),
        };
        if fields.get(other).is_some() {
            let message = format!("\"{other}\" is not allowed in a {:?} state; use \"{own}\"", self.language);
            self.report(Code::UnknownField, &fields.at(other), message);
        }
        match self.language {
            QueryLanguage::JsonPath => self.template(fields, own).map(Payload::JsonPath),
            QueryLanguage::Jsonata => self.jsonata_template(fields, own).map(Payload::Jsonata),
        }
    }

    /// A count that must be a whole number in `min..=max` when literal (`<key>`, `<key>Path`, or
    /// a JSONata expression).
    fn whole_count(&mut self, fields: &Fields, key: &str, min: f64, max: f64) -> Option<Count> {
        let count = self.count(fields, key)?;
        if let Count::Fixed(n) = count {
            if n.fract() != 0.0 || n < min || n > max {
                let message = format!("\"{key}\" must be a whole number from {min} to {max}");
                self.report(Code::InvalidValue, &fields.at(key), message);
                return None;
            }
        }
        Some(count)
    }
}
