//! `db sql [SQL | --file F | -]`: a read-only statement (SELECT, WITH or EXPLAIN, at most
//! 10,000 characters, as the API requires; checked before sending). Admin keys only. Sent once.

use std::path::PathBuf;

use super::query::{Format, Sink, format_of};
use super::resolve;
use crate::api::database::MAX_SQL;
use crate::commands::Ctx;
use crate::commands::conversations::DeploymentArg;
use crate::error::{Error, Result};
use crate::render::sanitize;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Only SELECT, WITH and EXPLAIN statements, of at most 10,000 characters; needs an admin key.

Examples:
  neynar-studio db sql \"SELECT count(*) FROM users\"
  neynar-studio db sql --file report.sql --format csv
  echo \"EXPLAIN SELECT * FROM users\" | neynar-studio db sql -")]
pub struct Args {
    /// The statement, or '-' to read it from stdin
    #[arg(value_name = "SQL", conflicts_with = "file")]
    pub sql: Option<String>,

    /// Read the statement from a file
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// The output format (default: table; json with --json)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    #[command(flatten)]
    pub deployment: DeploymentArg,
}

/// Strips leading whitespace and comments (`-- ...` lines, `/* ... */` blocks) and opening
/// parentheses, to find the statement's first word.
fn first_word(sql: &str) -> String {
    let mut rest = sql;
    loop {
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
        if let Some(after) = trimmed.strip_prefix("--") {
            rest = after.split_once('\n').map(|(_, r)| r).unwrap_or("");
        } else if let Some(after) = trimmed.strip_prefix("/*") {
            rest = after.split_once("*/").map(|(_, r)| r).unwrap_or("");
        } else {
            rest = trimmed;
            break;
        }
    }
    rest.chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// The checks the API makes, before anything is sent.
pub fn check(sql: &str) -> Result<()> {
    if sql.trim().is_empty() {
        return Err(Error::usage("the SQL statement is empty"));
    }
    let chars = sql.chars().count();
    if chars > MAX_SQL {
        return Err(Error::usage(format!(
            "the SQL statement is {chars} characters long; the API takes at most 10,000"
        )));
    }
    let word = first_word(sql);
    if !matches!(word.as_str(), "SELECT" | "WITH" | "EXPLAIN") {
        let shown = if word.is_empty() {
            "this statement".to_string()
        } else {
            word
        };
        return Err(Error::usage(format!(
            "{shown} is not allowed: `db sql` runs only SELECT, WITH and EXPLAIN statements"
        ))
        .hint("change rows with `neynar-studio db insert`, `db update` or `db delete`"));
    }
    Ok(())
}

async fn read_statement(args: &Args) -> Result<String> {
    let (path, name) = match (&args.file, args.sql.as_deref()) {
        (Some(path), _) => (
            Some(path.clone()),
            sanitize(&path.display().to_string()).into_owned(),
        ),
        (None, Some("-")) => (None, "stdin".to_string()),
        (None, Some(sql)) => return Ok(sql.to_string()),
        (None, None) => {
            return Err(Error::usage("no SQL statement given")
                .hint("pass it as an argument, with --file FILE, or '-' to read stdin"));
        }
    };
    let read = tokio::task::spawn_blocking(move || -> std::io::Result<Vec<u8>> {
        use std::io::Read;
        let reader: Box<dyn Read> = match path {
            Some(p) => Box::new(std::fs::File::open(p)?),
            None => Box::new(std::io::stdin()),
        };
        let mut buf = Vec::new();
        // Enough for 10,000 characters of any width, and one more to see it is too long.
        reader.take(MAX_SQL as u64 * 4 + 1).read_to_end(&mut buf)?;
        Ok(buf)
    })
    .await
    .map_err(|e| Error::failure(format!("reading {name} failed: {e}")))?
    .map_err(|e| Error::usage(format!("cannot read {name}: {e}")))?;
    String::from_utf8(read).map_err(|_| Error::usage(format!("{name} is not UTF-8 text")))
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let sql = read_statement(&args).await?;
    check(&sql)?;
    let format = format_of(ctx, args.format);
    let r = resolve(ctx, &args.deployment).await?;
    let result = r.client.sql(r.fid, &r.id, sql.trim()).await.map_err(|e| {
        Error::from(e).hint_on(
            403,
            "`db sql` needs an admin key; `db query TABLE` reads a table with any key",
        )
    })?;
    let mut sink = Sink::new(&ctx.out, format, Vec::new());
    sink.page(&result.columns, &result.rows, true)?;
    sink.finish()?;
    if format == Format::Table {
        let n = result.row_count.unwrap_or(result.rows.len() as u64);
        let time = result
            .millis
            .map(|ms| format!(" ({ms} ms)"))
            .unwrap_or_default();
        let rows = if n == 1 { "row" } else { "rows" };
        ctx.out.note(&format!("{n} {rows}{time}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_reads_pass() {
        assert!(check("SELECT 1").is_ok());
        assert!(check("  -- why\n /* c */ with x as (select 1) select * from x").is_ok());
        assert!(check("(select 1)").is_ok());
        assert!(check("explain select 1").is_ok());
        assert!(check("DELETE FROM users").is_err());
        assert!(check("/* select */ drop table x").is_err());
        assert!(check("   ").is_err());
        assert!(check(&format!("SELECT '{}'", "x".repeat(MAX_SQL))).is_err());
        assert!(check(&format!("SELECT {}", "1".repeat(MAX_SQL - 7))).is_ok());
    }
}
