/*!
Server-Sent Events framing, per the WHATWG HTML standard (§9.2.6, "Interpreting an event
stream"), fed chunk by chunk from the response body.

Written by hand, because the crates that would do it each break a rule this client depends on:
`eventsource-stream` panics on a leading BOM and stalls on invalid UTF-8; `reqwest-eventsource`
needs reqwest 0.12 and re-sends the POST when the stream ends (a prompt costs LLM tokens);
`async-sse` mishandles a CRLF split across two reads. The parser is small, and the vectors of
the standard are its unit tests.

Rules, as implemented:
- lines end at LF, CR or CRLF, including a CR that ends one chunk and an LF that starts the next;
- one leading BOM is stripped; each complete line is decoded as UTF-8 on its own, so a
  character split across chunks is never broken, and invalid bytes become U+FFFD;
- `:` starts a comment; a line without a colon is a field with an empty value; one space after
  the colon is removed; `data` lines are joined with LF; `id` is ignored if it contains NUL;
  `retry` is accepted only as ASCII digits; unknown fields (field names are case-sensitive) are
  ignored;
- an event is dispatched at a blank line, only if its data is non-empty; at end of input an
  unfinished event is discarded and the stream is reported truncated;
- a line or an event over the cap (4 MiB) is an error, not an allocation failure, and is found
  while it arrives, before it is buffered whole.

It never reconnects and never re-sends: a broken stream is reported to the caller, which knows
whether repeating the request is safe (for a prompt, it is not).
*/

use std::time::Duration;

use super::error::ApiError;

/// The largest line, and the largest event's data, accepted. The biggest events of a real
/// session (a file the agent wrote, a long tool result) are tens of KiB; the cap keeps one
/// event, its line buffer and its decoded form inside the 64 MiB budget of
/// docs/reliability.md. A 32 MiB event used to cost 1.25 GB on its way to the screen.
pub const MAX_EVENT: usize = 4 << 20;

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The event type: the last `event:` field, or "message" (not allocated).
    pub event: std::borrow::Cow<'static, str>,
    pub data: String,
    /// The last event ID at dispatch time (it carries over between events).
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SseError {
    #[error("the stream sent a line longer than {} MiB", .limit >> 20)]
    LineTooLong { limit: usize },
    #[error("the stream sent an event larger than {} MiB", .limit >> 20)]
    EventTooLarge { limit: usize },
}

#[derive(Debug)]
pub struct SseParser {
    /// Bytes of the line in progress, when it spans chunks.
    line: Vec<u8>,
    /// The previous chunk ended in CR: an LF at the start of the next one ends nothing.
    pending_cr: bool,
    /// No line has been completed yet (the BOM can only be at the start of the first).
    first_line: bool,
    data: String,
    event_type: String,
    last_id: String,
    retry: Option<u64>,
    /// A field of an event was seen since the last dispatch.
    in_event: bool,
    limit: usize,
}

impl Default for SseParser {
    fn default() -> Self {
        Self::new()
    }
}

impl SseParser {
    pub fn new() -> Self {
        Self::with_limit(MAX_EVENT)
    }

    pub fn with_limit(limit: usize) -> Self {
        SseParser {
            line: Vec::new(),
            pending_cr: false,
            first_line: true,
            data: String::new(),
            event_type: String::new(),
            last_id: String::new(),
            retry: None,
            in_event: false,
            limit,
        }
    }

    /// The reconnection time the server asked for, if any. Parsed for completeness; this
    /// client never reconnects.
    pub fn retry(&self) -> Option<u64> {
        self.retry
    }

    /// Feeds one chunk, appending the events it completes to `out`.
    pub fn feed(&mut self, chunk: &[u8], out: &mut Vec<SseEvent>) -> Result<(), SseError> {
        self.feed_with(chunk, &mut |e: EventRef<'_>| out.push(e.to_owned()))
    }

    /// Feeds one chunk, handing each event it completes to `emit` as it is found. An event
    /// whose single data line lies within the chunk is handed over without being copied.
    pub fn feed_with<'c, F: FnMut(EventRef<'_>)>(
        &mut self,
        chunk: &'c [u8],
        emit: &mut F,
    ) -> Result<(), SseError> {
        if chunk.is_empty() {
            // An empty read must not end a pending CR's chance to pair with an LF.
            return Ok(());
        }
        // The data of the event in progress, while it is one line of this chunk.
        let mut borrowed: Option<&'c str> = None;
        // How far the chunk is UTF-8, checked once with SIMD: lines before that point need
        // no check of their own (checking each line was a fiftieth of the piped rendering's
        // time). A character cut by the chunk's end stops it there; that line is gathered in
        // `line` and checked whole.
        let valid = match simdutf8::compat::from_utf8(chunk) {
            Ok(_) => chunk.len(),
            Err(e) => e.valid_up_to(),
        };
        let mut i = 0;
        if self.pending_cr {
            self.pending_cr = false;
            if chunk.first() == Some(&b'\n') {
                i = 1;
            }
        }
        while i < chunk.len() {
            let rest = &chunk[i..];
            match memchr::memchr2(b'\n', b'\r', rest) {
                Some(j) => {
                    if self.line.is_empty() {
                        self.check_line(j)?;
                        let line = &rest[..j];
                        let text = if i + j <= valid {
                            // SAFETY: `chunk[..valid]` is UTF-8 (checked above) and `line` ends
                            // before a line feed or carriage return in it, a character
                            // boundary; it starts at one too (the chunk's start, or just past
                            // one of those ASCII bytes).
                            Ok(unsafe { std::str::from_utf8_unchecked(line) })
                        } else {
                            std::str::from_utf8(line)
                        };
                        match text {
                            Ok(text) => self.process_line(text, Some(text), &mut borrowed, emit)?,
                            Err(_) => {
                                let text = String::from_utf8_lossy(line).into_owned();
                                self.process_line(&text, None, &mut borrowed, emit)?;
                            }
                        }
                    } else {
                        self.check_line(self.line.len() + j)?;
                        let mut line = std::mem::take(&mut self.line);
                        line.extend_from_slice(&rest[..j]);
                        // The buffer becomes the text without a copy when it is valid UTF-8;
                        // it is then dropped, so a big line does not keep its memory.
                        let text = match String::from_utf8(line) {
                            Ok(text) => text,
                            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
                        };
                        self.process_line(&text, None, &mut borrowed, emit)?;
                    }
                    let end = i + j;
                    if chunk[end] == b'\r' {
                        match chunk.get(end + 1) {
                            Some(b'\n') => i = end + 2,
                            Some(_) => i = end + 1,
                            None => {
                                self.pending_cr = true;
                                i = end + 1;
                            }
                        }
                    } else {
                        i = end + 1;
                        // The blank line that ends nearly every event, without another search.
                        if chunk.get(i) == Some(&b'\n') {
                            self.process_line("", Some(""), &mut borrowed, emit)?;
                            i += 1;
                        }
                    }
                }
                None => {
                    self.check_line(self.line.len() + rest.len())?;
                    self.line.extend_from_slice(rest);
                    break;
                }
            }
        }
        // An event still open at the end of the chunk keeps its data for the next one.
        if let Some(data) = borrowed {
            self.data.push_str(data);
            self.data.push('\n');
        }
        Ok(())
    }

    /// Ends the input. Returns whether an event (or a line) was left unfinished: the stream
    /// was cut off mid-event. The unfinished event is discarded.
    pub fn finish(&mut self) -> bool {
        let truncated = !self.line.is_empty() || self.in_event;
        self.line.clear();
        self.data.clear();
        self.event_type.clear();
        self.in_event = false;
        truncated
    }

    fn check_line(&self, len: usize) -> Result<(), SseError> {
        if len > self.limit {
            Err(SseError::LineTooLong { limit: self.limit })
        } else {
            Ok(())
        }
    }

    /// Handles one decoded line. `in_chunk` is the same line when it lies in the chunk being
    /// fed, so that a data value can be borrowed (through `borrowed`) instead of copied.
    fn process_line<'c, F: FnMut(EventRef<'_>)>(
        &mut self,
        line: &str,
        in_chunk: Option<&'c str>,
        borrowed: &mut Option<&'c str>,
        emit: &mut F,
    ) -> Result<(), SseError> {
        let mut start = 0;
        if self.first_line {
            self.first_line = false;
            if line.starts_with('\u{feff}') {
                start = '\u{feff}'.len_utf8();
            }
        }
        let text = &line[start..];
        if text.is_empty() {
            self.dispatch(borrowed.take(), emit);
            return Ok(());
        }
        if text.starts_with(':') {
            return Ok(());
        }
        // The field, and where its value starts in `line` (one space after the colon dropped).
        let (field, value_at) = match text.find(':') {
            Some(colon) => {
                let after = start + colon + 1;
                let skip = usize::from(line[after..].starts_with(' '));
                (&text[..colon], after + skip)
            }
            None => (text, line.len()),
        };
        let value = &line[value_at..];
        match field {
            "data" => {
                self.in_event = true;
                if let Some(chunk_line) = in_chunk
                    && borrowed.is_none()
                    && self.data.is_empty()
                {
                    *borrowed = Some(&chunk_line[value_at..]);
                    return Ok(());
                }
                if let Some(first) = borrowed.take() {
                    self.data.push_str(first);
                    self.data.push('\n');
                }
                if self.data.len() + value.len() + 1 > self.limit {
                    return Err(SseError::EventTooLarge { limit: self.limit });
                }
                self.data.push_str(value);
                self.data.push('\n');
            }
            "event" => {
                self.event_type.clear();
                self.event_type.push_str(value);
                self.in_event = true;
            }
            "id" if !value.contains('\0') => {
                self.last_id.clear();
                self.last_id.push_str(value);
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(ms) = value.parse() {
                    self.retry = Some(ms);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn dispatch<F: FnMut(EventRef<'_>)>(&mut self, borrowed: Option<&str>, emit: &mut F) {
        self.in_event = false;
        let data = match borrowed {
            Some(data) => data,
            None if self.data.is_empty() => {
                self.event_type.clear();
                return;
            }
            // The buffer ends with the newline of its last line, which is not data.
            None => &self.data[..self.data.len() - 1],
        };
        let event = if self.event_type.is_empty() {
            "message"
        } else {
            self.event_type.as_str()
        };
        emit(EventRef {
            event,
            data,
            id: &self.last_id,
        });
        self.data.clear();
        self.event_type.clear();
    }
}

/// An event as the parser hands it over: borrowed, valid until the callback returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventRef<'a> {
    pub event: &'a str,
    pub data: &'a str,
    pub id: &'a str,
}

impl EventRef<'_> {
    pub fn to_owned(self) -> SseEvent {
        SseEvent {
            event: if self.event == "message" {
                std::borrow::Cow::Borrowed("message")
            } else {
                std::borrow::Cow::Owned(self.event.to_string())
            },
            data: self.data.to_string(),
            id: self.id.to_string(),
        }
    }
}

/// An event stream over an HTTP response: reads the body chunk by chunk (memory stays bounded
/// by the largest event), with an idle timeout that any bytes at all reset, keep-alive
/// comments included.
pub struct EventStream {
    resp: reqwest::Response,
    parser: SseParser,
    idle: Duration,
    truncated: bool,
}

impl EventStream {
    pub fn new(resp: reqwest::Response, idle: Duration) -> Self {
        EventStream {
            resp,
            parser: SseParser::new(),
            idle,
            truncated: false,
        }
    }

    /// Reads the next piece of the body and hands each event it completes to `each`, in
    /// order. `Ok(false)` at the end of the stream (see [`EventStream::truncated`]). A caller
    /// that writes the events can flush once per call: every event is out before the next
    /// network wait, without a write per event. Cancel safe: the only wait is for the next
    /// piece, and a future dropped there has taken nothing, so a caller may poll it once
    /// without waiting (`now_or_never`) and flush only when it would wait.
    pub async fn next_chunk<F: FnMut(EventRef<'_>)>(
        &mut self,
        mut each: F,
    ) -> Result<bool, ApiError> {
        let chunk = match tokio::time::timeout(self.idle, self.resp.chunk()).await {
            Err(_) => return Err(ApiError::Idle { after: self.idle }),
            Ok(Err(e)) => {
                return Err(ApiError::Network {
                    detail: super::client::innermost(&e),
                    before_response: false,
                });
            }
            Ok(Ok(chunk)) => chunk,
        };
        match chunk {
            Some(bytes) => {
                // An event's data is JSON that the caller parses: one holding more values than
                // a whole response may (`api::json`) is refused rather than handed over. Each
                // value takes at least one byte, so only an event longer than the budget can
                // pass it: the events of a real stream, all far shorter, are never scanned and
                // the stream path keeps its speed.
                let mut too_many = false;
                let mut guarded = |event: EventRef<'_>| {
                    if too_many {
                        return;
                    }
                    let limit = super::json::MAX_NODES;
                    if event.data.len() >= limit
                        && super::json::count_nodes(event.data.as_bytes(), limit) > limit
                    {
                        too_many = true;
                    } else {
                        each(event);
                    }
                };
                self.parser
                    .feed_with(&bytes, &mut guarded)
                    .map_err(|e| ApiError::Stream(e.to_string()))?;
                if too_many {
                    return Err(ApiError::Stream(format!(
                        "the stream sent an event holding more than {} JSON values",
                        super::json::MAX_NODES
                    )));
                }
                Ok(true)
            }
            None => {
                self.truncated = self.parser.finish();
                Ok(false)
            }
        }
    }

    /// After the end: whether the stream stopped in the middle of an event.
    pub fn truncated(&self) -> bool {
        self.truncated
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ev(data: &str) -> SseEvent {
        SseEvent {
            event: std::borrow::Cow::Borrowed("message"),
            data: data.into(),
            id: String::new(),
        }
    }

    /// Parses the chunks, returns the events and whether the end was truncated.
    fn parse_chunks(chunks: &[&[u8]]) -> (Vec<SseEvent>, bool) {
        let mut p = SseParser::new();
        let mut out = Vec::new();
        for c in chunks {
            p.feed(c, &mut out).unwrap();
        }
        let truncated = p.finish();
        (out, truncated)
    }

    fn datas(input: &[u8]) -> Vec<String> {
        parse_chunks(&[input])
            .0
            .into_iter()
            .map(|e| e.data)
            .collect()
    }

    #[test]
    fn lf_crlf_and_cr_line_ends() {
        assert_eq!(datas(b"data: a\n\n"), ["a"]);
        assert_eq!(datas(b"data: a\r\n\r\n"), ["a"]);
        assert_eq!(datas(b"data: a\r\rdata: b\r\r"), ["a", "b"]);
    }

    #[test]
    fn crlf_split_across_chunks_is_one_line_end() {
        let (events, truncated) = parse_chunks(&[b"data: a\r", b"\ndata: b\r\n\r\n"]);
        assert_eq!(events, [ev("a\nb")]);
        assert!(!truncated);
    }

    /// Found by the chunking property: an empty read between a CR and its LF used to drop the
    /// pending CR, so the LF ended a second (blank) line and dispatched an event early.
    #[test]
    fn empty_chunk_between_cr_and_lf() {
        let (events, _) = parse_chunks(&[b"data: a\r", b"", b"\ndata: b\r\n\r\n"]);
        assert_eq!(events, [ev("a\nb")]);
    }

    #[test]
    fn bom_is_stripped_once() {
        assert_eq!(datas(b"\xEF\xBB\xBFdata: a\n\n"), ["a"]);
        // Split across chunks too.
        let (events, _) = parse_chunks(&[b"\xEF", b"\xBB\xBFdata: a\n\n"]);
        assert_eq!(events, [ev("a")]);
        // A second BOM is part of the line: the field name is then not "data".
        assert_eq!(
            datas(b"\xEF\xBB\xBF\xEF\xBB\xBFdata: a\n\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn comments_are_skipped() {
        assert_eq!(datas(b": ping\ndata: a\n\n"), ["a"]);
    }

    #[test]
    fn fields_without_colon_and_empty_data() {
        assert_eq!(datas(b"data\n\n"), [""]);
        assert_eq!(datas(b"data\ndata\n\n"), ["\n"]);
        assert_eq!(datas(b"data:\n\n"), [""]);
    }

    #[test]
    fn exactly_one_space_is_removed() {
        assert_eq!(datas(b"data:  x\n\n"), [" x"]);
        assert_eq!(datas(b"data:x\n\n"), datas(b"data: x\n\n"));
    }

    #[test]
    fn data_lines_join_with_lf() {
        assert_eq!(datas(b"data: a\ndata: b\n\n"), ["a\nb"]);
    }

    #[test]
    fn no_data_no_event() {
        assert_eq!(datas(b"event: e\n\n"), Vec::<String>::new());
    }

    #[test]
    fn unfinished_event_at_eof_is_discarded_and_reported() {
        let (events, truncated) = parse_chunks(&[b"data: a\n\ndata: tail\n"]);
        assert_eq!(events, [ev("a")]);
        assert!(truncated);
        let (_, truncated) = parse_chunks(&[b"data: a\n\ndata: no newline"]);
        assert!(truncated);
        let (_, truncated) = parse_chunks(&[b"data: a\n\n: comment\n"]);
        assert!(!truncated);
    }

    #[test]
    fn ids() {
        let (events, _) = parse_chunks(&[b"id: 1\x002\ndata: x\n\n"]);
        assert_eq!(events[0].id, "");
        let (events, _) = parse_chunks(&[b"id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n"]);
        let ids: Vec<_> = events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["7", "7", ""]);
    }

    #[test]
    fn retry_only_as_digits() {
        let retry = |input: &[u8]| {
            let mut p = SseParser::new();
            p.feed(input, &mut Vec::new()).unwrap();
            p.retry()
        };
        assert_eq!(retry(b"retry: 1000\n"), Some(1000));
        assert_eq!(retry(b"retry: +5\n"), None);
        assert_eq!(retry(b"retry: abc\n"), None);
        assert_eq!(retry(b"retry: 10 \n"), None);
        assert_eq!(retry(b"retry: 99999999999999999999999\n"), None);
    }

    #[test]
    fn unknown_and_case_sensitive_fields() {
        assert_eq!(datas(b"foo: bar\ndata: x\n\n"), ["x"]);
        assert_eq!(datas(b"Data: x\n\n"), Vec::<String>::new());
    }

    #[test]
    fn last_event_type_wins() {
        let (events, _) = parse_chunks(&[b"event: e1\nevent: e2\ndata: x\n\n"]);
        assert_eq!(events[0].event, "e2");
        let (events, _) = parse_chunks(&[b"event: e1\ndata: x\n\ndata: y\n\n"]);
        assert_eq!(events[1].event, "message");
    }

    #[test]
    fn utf8_split_across_chunks() {
        let (events, _) = parse_chunks(&[b"data: \xC3", b"\xA9\n\n"]);
        assert_eq!(events, [ev("é")]);
    }

    #[test]
    fn invalid_utf8_becomes_replacement() {
        assert_eq!(datas(b"data: \xFF\n\n"), ["\u{FFFD}"]);
    }

    #[test]
    fn caps_lines_and_events() {
        let mut p = SseParser::with_limit(16);
        let mut out = Vec::new();
        assert_eq!(
            p.feed(b"data: 0123456789abcdef\n", &mut out),
            Err(SseError::LineTooLong { limit: 16 })
        );
        let mut p = SseParser::with_limit(16);
        assert_eq!(p.feed(b"data: 0123456789", &mut out), Ok(()));
        assert_eq!(
            p.feed(b"abcdef", &mut out),
            Err(SseError::LineTooLong { limit: 16 })
        );
        let mut p = SseParser::with_limit(16);
        assert_eq!(
            p.feed(b"data: 01234567\ndata: 01234567\n", &mut out),
            Err(SseError::EventTooLarge { limit: 16 })
        );
    }

    proptest! {
        #[test]
        fn any_chunking_gives_the_same_events(
            input in proptest::collection::vec(
                prop_oneof![
                    Just(b"data: ".to_vec()), Just(b"\n".to_vec()), Just(b"\r".to_vec()),
                    Just(b"\r\n".to_vec()), Just(b":".to_vec()), Just(b"id: 1".to_vec()),
                    Just(b"event: x".to_vec()), Just(b"\xC3\xA9".to_vec()), Just(b"\xEF\xBB\xBF".to_vec()),
                    Just(b"\xFF".to_vec()), Just(b"retry: 5".to_vec()),
                    proptest::collection::vec(any::<u8>(), 0..8),
                ],
                0..40,
            ).prop_map(|parts| parts.concat()),
            cuts in proptest::collection::vec(any::<usize>(), 0..12),
        ) {
            let whole = parse_chunks(&[&input]);
            let mut points: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
            points.sort_unstable();
            let mut chunks = Vec::new();
            let mut start = 0;
            for p in points {
                chunks.push(&input[start..p]);
                start = p;
            }
            chunks.push(&input[start..]);
            prop_assert_eq!(parse_chunks(&chunks), whole.clone());
            // Invalid bytes read as U+FFFD, as if the whole input had been made valid first
            // (each chunk is checked once, and only lines past a bad byte one by one).
            let lossy = String::from_utf8_lossy(&input);
            prop_assert_eq!(parse_chunks(&[lossy.as_bytes()]), whole);
        }
    }
}
