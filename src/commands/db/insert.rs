//! `db insert TABLE (--file F | -)`: rows from a JSON array or NDJSON, sent in batches of at
//! most 100 (the API's limit), each sent once, never retried. NDJSON is read a batch at a
//! time, so a file of any size uses little memory.

use std::path::PathBuf;

use serde_json::Value;
use std::io::{BufRead, Read};

use super::{Resolved, no_table, resolve};
use crate::api::database::{MAX_INSERT, Row};
use crate::commands::Ctx;
use crate::commands::conversations::DeploymentArg;
use crate::error::{Error, Result};
use crate::render::sanitize;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Rows are JSON objects, as a JSON array or one per line (NDJSON). They are sent in batches of
100; a failed batch is not retried, and the rows before it stay inserted.

Examples:
  neynar-studio db insert users --file users.ndjson
  echo '{\"email\":\"a@example.com\"}' | neynar-studio db insert users -")]
pub struct Args {
    /// The table
    #[arg(value_name = "TABLE")]
    pub table: String,

    /// '-' reads the rows from stdin
    #[arg(value_name = "-", conflicts_with = "file", required_unless_present = "file", value_parser = clap::builder::PossibleValuesParser::new(["-"]))]
    pub stdin: Option<String>,

    /// Read the rows from a file
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub deployment: DeploymentArg,
}

/// The largest JSON array read whole (NDJSON has no limit: it is read a batch at a time).
const MAX_ARRAY: u64 = 256 << 20;

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (reader, source): (Box<dyn BufRead + Send>, String) = match &args.file {
        Some(path) => {
            let shown = sanitize(&path.display().to_string()).into_owned();
            let f = std::fs::File::open(path)
                .map_err(|e| Error::usage(format!("cannot read {shown}: {e}")))?;
            (Box::new(std::io::BufReader::new(f)), shown)
        }
        None => (
            Box::new(std::io::BufReader::new(std::io::stdin())),
            "stdin".into(),
        ),
    };
    let r = resolve(ctx, &args.deployment).await?;
    // The file is read on a thread of its own, a batch at a time: the channel holds one batch,
    // so reading never runs ahead of sending.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Vec<Row>>>(1);
    let reading = {
        let source = source.clone();
        tokio::task::spawn_blocking(move || read_batches(reader, &source, &tx))
    };
    let mut sender = Sender {
        r: &r,
        table: &args.table,
        inserted: 0,
        spinner: ctx.out.spinner("inserting rows"),
    };
    while let Some(batch) = rx.recv().await {
        let mut batch = batch?;
        sender.send(&mut batch).await?;
    }
    drop(reading);
    sender.spinner.finish();
    let n = sender.inserted;
    if n == 0 {
        return Err(Error::usage(format!("{source} holds no rows")));
    }
    if ctx.out.json {
        ctx.out
            .print_json(&serde_json::json!({ "insertedCount": n }))?;
        return Ok(());
    }
    let rows = if n == 1 { "row" } else { "rows" };
    ctx.out.print(&format!(
        "Inserted {n} {rows} into {}.",
        sanitize(&args.table)
    ))?;
    Ok(())
}

type Batches = tokio::sync::mpsc::Sender<Result<Vec<Row>>>;

/// Reads rows and hands them over in batches of [`MAX_INSERT`]; a JSON array (first
/// non-blank byte '[') or NDJSON. Stops when the receiver is gone.
fn read_batches(mut reader: Box<dyn BufRead + Send>, source: &str, tx: &Batches) {
    let fail = |e: Error| {
        let _ = tx.blocking_send(Err(e));
    };
    let starts_array = loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) => return fail(Error::usage(format!("cannot read {source}: {e}"))),
        };
        match buf.first() {
            None => break false,
            Some(b) if b.is_ascii_whitespace() => {
                let n = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
                reader.consume(n);
            }
            Some(b) => break *b == b'[',
        }
    };
    let mut batch = Vec::with_capacity(MAX_INSERT);
    let push = |row: Row, batch: &mut Vec<Row>| -> bool {
        batch.push(row);
        if batch.len() == MAX_INSERT {
            let full = std::mem::replace(batch, Vec::with_capacity(MAX_INSERT));
            return tx.blocking_send(Ok(full)).is_ok();
        }
        true
    };
    if starts_array {
        let mut buf = Vec::new();
        if let Err(e) = reader.take(MAX_ARRAY + 1).read_to_end(&mut buf) {
            return fail(Error::usage(format!("cannot read {source}: {e}")));
        }
        if buf.len() as u64 > MAX_ARRAY {
            return fail(
                Error::usage(format!("{source} is a JSON array larger than 256 MiB")).hint(
                    "write the rows as NDJSON (one object per line): it is read a batch at a time",
                ),
            );
        }
        let items = match serde_json::from_slice::<Value>(&buf) {
            Ok(Value::Array(items)) => items,
            Ok(_) => {
                return fail(Error::usage(format!(
                    "{source} is not a JSON array of rows"
                )));
            }
            Err(e) => {
                return fail(Error::usage(format!(
                    "{source} is not a JSON array of rows: {e}"
                )));
            }
        };
        drop(buf);
        for (i, item) in items.into_iter().enumerate() {
            match row(item, || format!("{source}: item {}", i + 1)) {
                Ok(r) => {
                    if !push(r, &mut batch) {
                        return;
                    }
                }
                Err(e) => return fail(e),
            }
        }
    } else {
        for (i, line) in reader.lines().enumerate() {
            let n = i + 1;
            let line = match line {
                Ok(l) => l,
                Err(e) => return fail(Error::usage(format!("cannot read {source}: {e}"))),
            };
            if line.trim().is_empty() {
                continue;
            }
            let value = match serde_json::from_str::<Value>(&line) {
                Ok(v) => v,
                Err(e) => {
                    return fail(Error::usage(format!("{source}: line {n} is not JSON: {e}")));
                }
            };
            match row(value, || format!("{source}: line {n}")) {
                Ok(r) => {
                    if !push(r, &mut batch) {
                        return;
                    }
                }
                Err(e) => return fail(e),
            }
        }
    }
    if !batch.is_empty() {
        let _ = tx.blocking_send(Ok(batch));
    }
}

fn row(value: Value, place: impl Fn() -> String) -> Result<Row> {
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(Error::usage(format!(
            "{} is not a JSON object (a row)",
            place()
        ))),
    }
}

struct Sender<'a> {
    r: &'a Resolved,
    table: &'a str,
    inserted: u64,
    spinner: crate::render::Spinner,
}

impl Sender<'_> {
    async fn send(&mut self, batch: &mut Vec<Row>) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let result = self
            .r
            .client
            .insert_rows(self.r.fid, &self.r.id, self.table, batch)
            .await;
        match result {
            Ok(n) => {
                self.inserted += n;
                batch.clear();
                self.spinner
                    .set_message(format!("inserted {} rows", self.inserted));
                Ok(())
            }
            Err(e) => {
                let err = no_table(Error::from(e), self.table, &self.r.target);
                Err(if self.inserted > 0 {
                    err.hint(format!(
                        "{} rows were inserted before this batch (batches of {MAX_INSERT}); the failed batch and the rest were not",
                        self.inserted
                    ))
                } else {
                    err
                })
            }
        }
    }
}
