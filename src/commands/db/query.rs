//! `db query TABLE`: a table's rows, a page at a time, or all of them with `--all`.
//!
//! Formats: a table (fitted to the terminal's width, with an "N of TOTAL rows" footer on
//! stderr; tab-separated lines when piped), CSV (the `csv` crate), a JSON array, or NDJSON.
//! `--all` fetches pages of 1000 and writes each before fetching the next, so memory stays flat
//! however large the table; on a terminal it counts the rows fetched.

use serde_json::Value;

use super::{no_table, resolve};
use crate::api::database::{Direction, MAX_QUERY_PAGE, Query, ResultColumn, Row};
use crate::commands::Ctx;
use crate::commands::conversations::DeploymentArg;
use crate::error::{Error, Result};
use crate::render::{Output, sanitize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns on a terminal, tab-separated lines when piped
    Table,
    Csv,
    /// A JSON array of the rows
    Json,
    /// One JSON object per line
    Ndjson,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  neynar-studio db query users
  neynar-studio db query users --columns id,email --order-by id:desc --limit 20
  neynar-studio db query users --all --format csv > users.csv
  neynar-studio db query events --all --format ndjson | jq .")]
pub struct Args {
    /// The table
    #[arg(value_name = "TABLE")]
    pub table: String,

    /// Only these columns, comma-separated
    #[arg(long, value_name = "C,..", value_delimiter = ',')]
    pub columns: Vec<String>,

    /// Sort by COL, ascending, or descending with COL:desc
    #[arg(long, value_name = "COL[:desc]")]
    pub order_by: Option<String>,

    /// At most N rows (1 to 1000; default 100)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000), conflicts_with = "all")]
    pub limit: Option<u32>,

    /// Skip the first N rows
    #[arg(long, value_name = "N")]
    pub offset: Option<u64>,

    /// Every row, fetched a page at a time
    #[arg(long)]
    pub all: bool,

    /// The output format (default: table; json with --json)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    #[command(flatten)]
    pub deployment: DeploymentArg,
}

fn order(raw: &str) -> Result<(String, Direction)> {
    let (col, dir) = match raw.rsplit_once(':') {
        Some((c, d)) => (c, d),
        None => (raw, "asc"),
    };
    let dir = match dir.to_ascii_lowercase().as_str() {
        "asc" => Direction::Asc,
        "desc" => Direction::Desc,
        _ => {
            return Err(Error::usage(format!(
                "--order-by '{}': the direction is asc or desc",
                sanitize(raw)
            )));
        }
    };
    if col.trim().is_empty() {
        return Err(Error::usage("--order-by needs a column name"));
    }
    Ok((col.trim().to_string(), dir))
}

pub fn format_of(ctx: &Ctx, format: Option<Format>) -> Format {
    match format {
        Some(f) => f,
        None if ctx.out.json => Format::Json,
        None => Format::Table,
    }
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let format = format_of(ctx, args.format);
    let (order_by, direction) = match &args.order_by {
        Some(raw) => {
            let (c, d) = order(raw)?;
            (Some(c), Some(d))
        }
        None => (None, None),
    };
    let columns: Vec<String> = args
        .columns
        .iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    let r = resolve(ctx, &args.deployment).await?;
    let mut query = Query {
        deployment_id: r.id.clone(),
        fid: r.fid,
        table: args.table.clone(),
        columns: (!columns.is_empty()).then(|| columns.clone()),
        order_by,
        direction,
        limit: if args.all {
            Some(MAX_QUERY_PAGE)
        } else {
            args.limit
        },
        offset: args.offset,
    };
    let mut sink = Sink::new(&ctx.out, format, columns);
    let mut spinner = if args.all {
        ctx.out
            .spinner(format!("fetching rows of {}", sanitize(&args.table)))
    } else {
        crate::render::Spinner::hidden()
    };
    let mut fetched: u64 = 0;
    let mut total = None;
    loop {
        let page = r
            .client
            .query(&query)
            .await
            .map_err(|e| no_table(Error::from(e), &args.table, &r.target))?;
        total = page.total.or(total);
        let n = page.rows.len() as u64;
        fetched += n;
        if args.all {
            spinner.set_message(match total {
                Some(t) => format!("fetched {fetched} of {t} rows"),
                None => format!("fetched {fetched} rows"),
            });
        }
        sink.page(&page.columns, &page.rows, !args.all)?;
        if !args.all || !page.has_more || n == 0 {
            break;
        }
        query.offset = Some(query.offset.unwrap_or(0) + n);
    }
    spinner.finish();
    sink.finish()?;
    if format == Format::Table {
        let total_text = total.map(|t| t.to_string()).unwrap_or_else(|| "?".into());
        let start = args.offset.unwrap_or(0);
        let more = match total {
            Some(t) if !args.all && start + fetched < t => {
                format!(" (more with --offset {}, or --all)", start + fetched)
            }
            _ => String::new(),
        };
        ctx.out
            .note(&format!("{fetched} of {total_text} rows{more}"));
    }
    Ok(())
}

/// Text of a cell: strings as they are, NULL as nothing, anything else as JSON.
pub fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Writes rows out page by page in one format; nothing is kept between pages but the column
/// names and widths.
pub struct Sink<'a> {
    out: &'a Output,
    format: Format,
    names: Vec<String>,
    started: bool,
    widths: Vec<usize>,
    any: bool,
}

impl<'a> Sink<'a> {
    /// `names`: the columns asked for (empty: the result's).
    pub fn new(out: &'a Output, format: Format, names: Vec<String>) -> Sink<'a> {
        Sink {
            out,
            format,
            names,
            started: false,
            widths: Vec::new(),
            any: false,
        }
    }

    /// Writes one page. `fit`: the page is the whole result (widths from all of it).
    pub fn page(&mut self, columns: &[ResultColumn], rows: &[Row], fit: bool) -> Result<()> {
        if !self.started && self.names.is_empty() {
            self.names = if columns.is_empty() {
                rows.first()
                    .map(|r| r.keys().cloned().collect())
                    .unwrap_or_default()
            } else {
                columns.iter().map(|c| c.name.clone()).collect()
            };
        }
        let first = !self.started;
        self.started = true;
        match self.format {
            Format::Json => {
                let mut text = String::new();
                if first {
                    text.push('[');
                }
                for row in rows {
                    text.push_str(if self.any { ",\n  " } else { "\n  " });
                    text.push_str(&crate::render::json::to_line(row)?);
                    self.any = true;
                }
                if !text.is_empty() {
                    self.out.print_raw(&text)?;
                }
            }
            Format::Ndjson => {
                let mut text = String::new();
                for row in rows {
                    text.push_str(&crate::render::json::to_line(row)?);
                    text.push('\n');
                }
                if !text.is_empty() {
                    self.out.print_raw(&text)?;
                }
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                let io = |e: csv::Error| Error::failure(format!("writing CSV failed: {e}"));
                if first {
                    w.write_record(&self.names).map_err(io)?;
                }
                for row in rows {
                    w.write_record(self.names.iter().map(|n| cell(row.get(n))))
                        .map_err(io)?;
                }
                let bytes = w
                    .into_inner()
                    .map_err(|e| Error::failure(format!("writing CSV failed: {e}")))?;
                let text = String::from_utf8_lossy(&bytes);
                if !text.is_empty() {
                    self.out.print_raw(&text)?;
                }
            }
            Format::Table if !self.out.stdout_tty => {
                let tsv = |s: &str| {
                    s.replace('\\', "\\\\")
                        .replace('\t', "\\t")
                        .replace('\n', "\\n")
                        .replace('\r', "\\r")
                };
                let mut text = String::new();
                if first {
                    text.push_str(
                        &self
                            .names
                            .iter()
                            .map(|n| tsv(n))
                            .collect::<Vec<_>>()
                            .join("\t"),
                    );
                    text.push('\n');
                }
                for row in rows {
                    let line: Vec<String> =
                        self.names.iter().map(|n| tsv(&cell(row.get(n)))).collect();
                    text.push_str(&line.join("\t"));
                    text.push('\n');
                }
                self.out.print_raw(&text)?;
            }
            Format::Table => {
                let p = self.out.paint();
                let clean = |s: &str| sanitize(s).replace('\n', "\\n").replace('\t', " ");
                let mut grid: Vec<Vec<String>> = Vec::with_capacity(rows.len() + 1);
                if first {
                    grid.push(self.names.iter().map(|n| clean(n)).collect());
                }
                for row in rows {
                    grid.push(
                        self.names
                            .iter()
                            .map(|n| clean(&cell(row.get(n))))
                            .collect(),
                    );
                }
                if first || fit {
                    self.widths = vec![0; self.names.len()];
                    for r in &grid {
                        for (i, c) in r.iter().enumerate() {
                            self.widths[i] = self.widths[i].max(console::measure_text_width(c));
                        }
                    }
                }
                let mut text = String::new();
                for (n, r) in grid.iter().enumerate() {
                    let mut line = String::new();
                    for (i, c) in r.iter().enumerate() {
                        let shown = if first && n == 0 {
                            p.bold(c)
                        } else {
                            c.clone()
                        };
                        line.push_str(&shown);
                        if i + 1 < r.len() {
                            let w = self.widths.get(i).copied().unwrap_or(0);
                            let pad = w.saturating_sub(console::measure_text_width(c)) + 2;
                            line.extend(std::iter::repeat_n(' ', pad));
                        }
                    }
                    text.push_str(line.trim_end());
                    text.push('\n');
                }
                self.out.print_table(&text)?;
            }
        }
        Ok(())
    }

    /// Ends the output (the JSON array's bracket).
    pub fn finish(&mut self) -> Result<()> {
        if self.format == Format::Json {
            if !self.started {
                self.out.print_raw("[")?;
            }
            self.out.print_raw(if self.any { "\n]\n" } else { "]\n" })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders() {
        assert!(matches!(order("id"), Ok((c, Direction::Asc)) if c == "id"));
        assert!(matches!(order("id:DESC"), Ok((c, Direction::Desc)) if c == "id"));
        assert!(order("id:up").is_err());
        assert!(order(":desc").is_err());
    }
}
