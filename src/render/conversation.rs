//! The conversations table: id, when last updated, title (or the last prompt).

use super::{Paint, columns, sanitize};
use crate::api::models::Conversation;

pub fn table(list: &[Conversation], p: Paint) -> String {
    let mut rows = vec![
        ["ID", "UPDATED", "TITLE"]
            .iter()
            .map(|h| p.bold(h))
            .collect::<Vec<_>>(),
    ];
    let text = |v: Option<&str>| {
        v.map(|v| sanitize(v).into_owned())
            .unwrap_or_else(|| "-".into())
    };
    for c in list {
        rows.push(vec![
            text(c.id()),
            text(c.updated_at()),
            text(c.title().or(c.preview())),
        ]);
    }
    columns(&rows)
}
