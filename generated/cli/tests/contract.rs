//! The output contract: every JSON document and JSON Lines record of every subcommand
//! carries `schema_version` and validates against the schema `slack-sessions schema`
//! prints for it, checked with a JSON Schema validator (boon) that shares nothing with
//! the tool.

use serde_json::Value;
use slack_admin_users_session::fake::Device;

use crate::support::{output, tool, Org, Run, TempFile};

/// The schemas the tool prints, compiled.
struct Contract {
    schemas: boon::Schemas,
    compiled: Vec<(String, boon::SchemaIndex)>,
}

impl Contract {
    async fn load() -> Contract {
        let run = output(tool(&["schema"])).await;
        assert_eq!(run.code, Some(0), "{run:?}");
        let document = run.json();
        assert_eq!(document["schema_version"], 1);
        let (mut schemas, mut compiler, mut compiled) = (boon::Schemas::new(), boon::Compiler::new(), Vec::new());
        for (name, schema) in document["schemas"].as_object().expect("schemas by name") {
            let id = schema["$id"].as_str().expect("an $id").to_owned();
            compiler.add_resource(&id, schema.clone()).expect("a schema");
            let index = compiler.compile(&id, &mut schemas).unwrap_or_else(|e| panic!("{name} compiles: {e}"));
            compiled.push((name.clone(), index));
        }
        // One schema alone, as `schema NAME` prints it, is the same.
        let one = output(tool(&["schema", "job"])).await.json();
        assert_eq!(one, document["schemas"]["job"]);
        let contract = Contract { schemas, compiled };
        // The schemas hold something: a record without its version, or with an outcome
        // the tool never writes, is refused.
        let (_, outcome) = contract.compiled.iter().find(|(name, _)| name == "outcome").expect("outcome");
        let record = serde_json::json!({"user_id": "U1", "outcome": "done", "error_code": null, "error": null,
            "may_have_taken_effect": false});
        assert!(contract.schemas.validate(&record, *outcome).is_err(), "no schema_version");
        let record = serde_json::json!({"schema_version": 1, "user_id": "U1", "outcome": "gone", "error_code": null,
            "error": null, "may_have_taken_effect": false});
        assert!(contract.schemas.validate(&record, *outcome).is_err(), "an unknown outcome");
        contract
    }

    /// Fails unless `value` validates against the schema of `output`.
    fn check(&self, output: &str, value: &Value, what: &str) {
        let (_, index) = self.compiled.iter().find(|(name, _)| name == output).expect("a schema of that name");
        if let Err(error) = self.schemas.validate(value, *index) {
            panic!("{what}: not a valid {output}: {error:#}\n{value:#}");
        }
        assert_eq!(value["schema_version"], 1, "{what}: {value}");
    }

    /// Checks a run's JSON document against `document`, or its JSON Lines against
    /// `record`, by the format it was asked for.
    fn check_run(&self, run: &Run, format: &str, document: &str, record: &str, what: &str) {
        assert!(run.stdout.trim_start().starts_with('{') || run.stdout.is_empty(), "{what}: {run:?}");
        if format == "json" {
            self.check(document, &run.json(), what);
        } else {
            let lines = run.json_lines();
            assert!(!lines.is_empty(), "{what}: no records: {run:?}");
            for line in lines {
                self.check(record, &line, what);
            }
        }
    }
}

#[tokio::test]
async fn every_subcommands_json_and_json_lines_validate_against_the_printed_schemas() {
    let contract = Contract::load().await;
    let org = Org::with_token_owner("E0000001", "W0OPERAT1").await;
    for n in 1..=6 {
        let user = format!("U{n:07}");
        org.fake.add_user(&user);
        org.session(&user, n, Device::Mobile, "iOS", "203.0.113.5");
        org.session(&user, 100 + n, Device::Desktop, "OS X", "198.51.100.7");
    }
    for format in ["json", "jsonl"] {
        let what = |name: &str| format!("{name} --format {format}");
        let run = org.run(&["list", "--format", format]).await;
        contract.check_run(&run, format, "list", "session", &what("list"));
        let run = org.run(&["sweep", "--ip", "203.0.113.0/24", "--dry-run", "--format", format]).await;
        contract.check_run(&run, format, "plan", "session", &what("sweep --dry-run"));
        let run = org.run(&["settings", "get", "U0000001", "U0NOBODY1", "--format", format]).await;
        contract.check_run(&run, format, "settings", "settings-record", &what("settings get"));
        let run = org.run(&["settings", "set", "U0000001", "--duration", "3600", "--format", format]).await;
        contract.check_run(&run, format, "job", "outcome", &what("settings set"));
        let run = org.run(&["settings", "clear", "U0000001", "--format", format]).await;
        contract.check_run(&run, format, "job", "outcome", &what("settings clear"));
        // A failure, so that the error fields are filled in too.
        let run = org.run(&["reset", "U0NOBODY1", "--format", format]).await;
        contract.check_run(&run, format, "job", "outcome", &what("reset"));
        let run = org.run(&["invalidate", "999", "--user", "U0000001", "--format", format]).await;
        contract.check_run(&run, format, "job", "outcome", &what("invalidate"));
    }
    // Jobs that end sessions, each on sessions of its own.
    let run = org.run_with_stdin(&["reset-bulk", "--from", "-", "--format", "json"], "U0000001\nU0NOBODY1\n").await;
    contract.check_run(&run, "json", "job", "outcome", "reset-bulk --format json");
    let run = org.run_with_stdin(&["reset-bulk", "--from", "-", "--format", "jsonl"], "U0000002\n").await;
    contract.check_run(&run, "jsonl", "job", "outcome", "reset-bulk --format jsonl");
    let run = org.run(&["sweep", "--user", "U0000003", "--reason", "INC-1", "--format", "json"]).await;
    contract.check_run(&run, "json", "job", "outcome", "sweep --format json");
    let run = org.run(&["sweep", "--user", "U0000004", "--format", "jsonl"]).await;
    contract.check_run(&run, "jsonl", "job", "outcome", "sweep --format jsonl");
    for (user, format) in [("U0000005", "json"), ("U0000006", "jsonl")] {
        let plan = TempFile::fresh();
        let path = plan.path.display().to_string();
        let run = org.run(&["sweep", "--user", user, "--plan-out", &path]).await;
        assert_eq!(run.code, Some(0), "{run:?}");
        let run = org.run(&["apply", &path, "--format", format]).await;
        contract.check_run(&run, format, "job", "outcome", &format!("apply --format {format}"));
    }
    // A journaled job cut short, then resumed: a reset-bulk whose second call never
    // went out, as a crash would leave it.
    for format in ["json", "jsonl"] {
        let users: String = (0..1_500).map(|n| format!("W{n:07}\n")).collect();
        let journal = TempFile::fresh();
        let path = journal.path.display().to_string();
        org.fake.fail::<slack_admin_users_session::AdminUsersSessionResetBulkRequest>(
            1,
            slack_admin_users_session::fake::Fault::error("token_revoked"),
        );
        let run = org.run_with_stdin(&["reset-bulk", "--from", "-", "--yes", "--journal", &path], &users).await;
        assert_eq!(run.code, Some(3), "{run:?}");
        let run = org.run(&["resume", &path, "--format", format]).await;
        contract.check_run(&run, format, "job", "outcome", &format!("resume --format {format}"));
    }
}

#[cfg(feature = "demo")]
#[tokio::test]
async fn the_demos_json_and_json_lines_validate_too() {
    let contract = Contract::load().await;
    for format in ["json", "jsonl"] {
        let run = output(tool(&["demo", "--users", "10", "--format", format])).await;
        contract.check_run(&run, format, "job", "outcome", &format!("demo --format {format}"));
    }
}
