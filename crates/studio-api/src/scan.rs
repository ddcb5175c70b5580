/*!
A checking JSON scanner that borrows: the fast path of [`crate::events::decode`].

Why by hand: the piped rendering of a 50 MiB agent stream (181,000 events of about 280 bytes)
spent most of its time in serde_json building typed structs through its visitors, and
`serde_json::from_str::<IgnoredAny>` alone, which builds nothing, takes 30 ms over those
events (benches/stream.rs; the issue's target for the whole rendering is twice curl, about
37 ms). This scanner finds each string's end with SSE2 compares, 16 bytes at a time from
where the string starts, builds nothing it is not asked for, and hands out raw slices that
are walked again only where a field is needed.

It is exact by construction, not by imitation: it accepts a subset of what serde_json accepts
and gives up ([`Bail`]) on everything else, and its caller then asks serde_json. It gives up
on:
- a control character inside a string (JSON forbids them there; outside strings, tab, line
  feed and carriage return are whitespace, and any other is not JSON at all),
- a `\u` escape of a surrogate (serde_json's treatment of lone surrogates is its own),
- a number with an exponent or over 300 characters (serde_json refuses those out of range),
- an escaped object key, and nesting deeper than 100.
*/

use std::borrow::Cow;

/// The scanner gave up: ask serde_json.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bail;

pub(crate) type R<T> = Result<T, Bail>;

const MAX_DEPTH: u32 = 100;

/// A JSON string's body (between its quotes), checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JStr<'a> {
    raw: &'a str,
    escaped: bool,
}

impl<'a> JStr<'a> {
    /// The string's text, borrowed unless it holds escapes. Inlined (most strings hold none),
    /// the unescaping not: called, it was a call for every string a reader kept (33,000 in
    /// `render` of 10 MB, callgrind).
    #[inline(always)]
    pub(crate) fn text(&self) -> R<Cow<'a, str>> {
        if !self.escaped {
            return Ok(Cow::Borrowed(self.raw));
        }
        self.unescaped().map(Cow::Owned)
    }

    /// The text of a string that holds escapes.
    #[inline(never)]
    fn unescaped(&self) -> R<String> {
        let b = self.raw.as_bytes();
        let mut out = String::with_capacity(b.len());
        let mut i = 0;
        while let Some(k) = memchr::memchr(b'\\', &b[i..]) {
            // The escapes were checked when the string was scanned: plain ASCII around them.
            out.push_str(self.raw.get(i..i + k).ok_or(Bail)?);
            i += k;
            let c = match b.get(i + 1).ok_or(Bail)? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let code = hex4(b.get(i + 2..i + 6).ok_or(Bail)?)?;
                    i += 4;
                    char::from_u32(code).ok_or(Bail)?
                }
                _ => return Err(Bail),
            };
            out.push(c);
            i += 2;
        }
        out.push_str(self.raw.get(i..).ok_or(Bail)?);
        Ok(out)
    }

    /// How many lines the string's text has, as `str::lines` counts them, read off the JSON
    /// without decoding it: a line feed in the text is a `\n` or `\u000a` escape (JSON
    /// strings hold no raw one), and the text ends with one when its last escape does.
    pub(crate) fn line_count(&self) -> usize {
        let b = self.raw.as_bytes();
        if !self.escaped {
            return usize::from(!b.is_empty());
        }
        let (mut feeds, mut ends_with_feed) = (0, false);
        let mut i = 0;
        while let Some(k) = memchr::memchr(b'\\', &b[i..]) {
            i += k;
            let (feed, len) = match b.get(i + 1) {
                Some(b'n') => (true, 2),
                Some(b'u') => (b.get(i + 2..i + 6).is_some_and(|h| hex4(h) == Ok(0x0a)), 6),
                _ => (false, 2),
            };
            feeds += usize::from(feed);
            i += len;
            ends_with_feed = feed && i >= b.len();
        }
        feeds + usize::from(!b.is_empty() && !ends_with_feed)
    }

    /// An object key's text: keys with escapes are given up on when scanned, so this is the
    /// key itself.
    pub(crate) fn raw_key(&self) -> &'a str {
        self.raw
    }

    /// The string as an owned `String`.
    pub(crate) fn owned(&self) -> R<String> {
        self.text().map(Cow::into_owned)
    }

    /// Whether the string is exactly `word` (compared unescaped). Inlined, so that a constant
    /// word is compared in place.
    #[inline(always)]
    pub(crate) fn is(&self, word: &str) -> bool {
        if self.escaped {
            self.text().is_ok_and(|t| t == word)
        } else {
            self.raw == word
        }
    }
}

fn hex4(b: &[u8]) -> R<u32> {
    let mut v = 0u32;
    for &c in b {
        let d = (c as char).to_digit(16).ok_or(Bail)?;
        v = v * 16 + d;
    }
    Ok(v)
}

/// One checked value: its JSON text, and what kind it is. Strings are decoded on demand;
/// objects and arrays are walked again (through [`Doc::members`] and [`Doc::elements`]) only
/// when asked.
///
/// Two words, as a `&str` is: the kind is the text's first byte, and whether a string holds
/// escapes is the length's top bit (no text is that long). Built in three fields or more, a
/// value was assembled on the stack and copied at once with wider loads than its stores,
/// which cannot take their bytes from them (a store-forwarding stall at every value read:
/// the decoder's hottest instructions under perf); two words stay in registers.
#[derive(Clone, Copy)]
pub(crate) struct Val<'a> {
    ptr: std::ptr::NonNull<u8>,
    /// The text's length, with [`ESCAPED`] set for a string that holds escapes.
    len: usize,
    text: std::marker::PhantomData<&'a str>,
}

/// The bit of [`Val::len`] that marks a string holding escapes.
const ESCAPED: usize = 1 << (usize::BITS - 1);

// SAFETY: a `Val` is a `&str` (and a flag): shared text, as safe to send and share.
unsafe impl Send for Val<'_> {}
// SAFETY: as above.
unsafe impl Sync for Val<'_> {}

impl std::fmt::Debug for Val<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Val")
            .field("json", &self.json())
            .field("escaped", &self.escaped())
            .finish()
    }
}

impl<'a> Val<'a> {
    /// `json`, one whole value the scanner checked (never empty).
    #[inline(always)]
    fn new(json: &'a str, escaped: bool) -> Val<'a> {
        debug_assert!(!json.is_empty() && json.len() < ESCAPED);
        Val {
            ptr: std::ptr::NonNull::from(json.as_bytes()).cast(),
            len: json.len() | if escaped { ESCAPED } else { 0 },
            text: std::marker::PhantomData,
        }
    }

    /// The value's JSON text, as it stands in the document.
    #[inline(always)]
    pub(crate) fn json(&self) -> &'a str {
        // SAFETY: `ptr` and the length (without the flag) are those of the `&'a str` the
        // value was made from (`Val::new`).
        unsafe {
            std::str::from_utf8_unchecked(std::slice::from_raw_parts(
                self.ptr.as_ptr(),
                self.len & !ESCAPED,
            ))
        }
    }

    fn escaped(&self) -> bool {
        self.len & ESCAPED != 0
    }

    /// The first byte of the text: what kind of value it is.
    #[inline(always)]
    fn first(&self) -> u8 {
        self.json().as_bytes().first().copied().unwrap_or(b' ')
    }

    #[inline(always)]
    pub(crate) fn as_str(&self) -> Option<JStr<'a>> {
        if self.first() != b'"' {
            return None;
        }
        let json = self.json();
        // Between the quotes, ASCII both: character boundaries.
        Some(JStr {
            raw: json.get(1..json.len().checked_sub(1)?)?,
            escaped: self.escaped(),
        })
    }

    pub(crate) fn is_null(&self) -> bool {
        self.first() == b'n'
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self.first() {
            b't' => Some(true),
            b'f' => Some(false),
            _ => None,
        }
    }

    pub(crate) fn is_array(&self) -> bool {
        self.first() == b'['
    }

    /// The value as a tree (for the rare fields kept whole).
    pub(crate) fn to_value(self) -> R<serde_json::Value> {
        use serde_json::Value;
        Ok(match self.first() {
            b'"' => Value::String(self.as_str().ok_or(Bail)?.owned()?),
            b't' => Value::Bool(true),
            b'f' => Value::Bool(false),
            b'n' => Value::Null,
            _ => serde_json::from_str(self.json()).map_err(|_| Bail)?,
        })
    }
}

/// A checked JSON object document.
pub(crate) struct Doc<'a> {
    s: &'a str,
}

impl<'a> Doc<'a> {
    /// Reads the document `data`, which must be one object (whitespace around it allowed):
    /// `each` is handed the cursor at each member's value and must read it.
    pub(crate) fn walk(
        data: &'a str,
        each: impl for<'d> FnMut(&mut Cur<'d, 'a>, JStr<'a>) -> R<()>,
    ) -> R<Self> {
        let doc = Doc { s: data };
        let mut c = Cur::at(&doc, 0);
        c.ws();
        c.fields(each)?;
        c.ws();
        if c.i != data.len() {
            return Err(Bail);
        }
        Ok(doc)
    }

    /// Reads the document `data` as [`Doc::walk`] does, handing over each member's value.
    pub(crate) fn new(data: &'a str, mut each: impl FnMut(JStr<'a>, Val<'a>) -> R<()>) -> R<Self> {
        Doc::walk(data, |c, k| {
            let v = c.value()?;
            each(k, v)
        })
    }

    /// A cursor at a value read earlier from this document.
    pub(crate) fn at(&self, v: &Val<'a>) -> R<Cur<'_, 'a>> {
        Cur::at(self, 0).at_val(v)
    }
}

/// The last member named `key` of a standalone object's text (a document of its own); nothing
/// for another value. For reading one field of a small kept value, such as a tool call's input.
pub(crate) fn get<'a>(json: &'a str, key: &str) -> R<Option<Val<'a>>> {
    let mut found = None;
    let trimmed = json.trim_ascii_start();
    if !trimmed.starts_with('{') {
        return Ok(None);
    }
    Doc::new(json, |k, v| {
        if k.raw == key {
            found = Some(v);
        }
        Ok(())
    })?;
    Ok(found)
}

pub(crate) struct Cur<'d, 'a> {
    s: &'a str,
    b: &'a [u8],
    /// Cursors are handed out by a [`Doc`] and live no longer than it.
    doc: std::marker::PhantomData<&'d Doc<'a>>,
    i: usize,
    depth: u32,
}

/// The first quote or backslash of `b` at or after `from`, 16 bytes at a time (SSE2 compares
/// and move-masks); [`Bail`] when a control character (below 0x20) comes first, or none comes.
/// The scanner looks for these only inside strings, where JSON forbids control characters;
/// outside strings, any but the whitespace [`Cur::ws`] skips fails the token checks.
///
/// Strings are found from where they start, not from marks of the whole document made
/// beforehand: most strings of an agent stream are short, and the extra pass over every
/// byte (and its buffer) cost more than it saved.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn next_mark(b: &[u8], from: usize) -> R<usize> {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    let mut i = from;
    while let Some(part) = b.get(i..i + 16) {
        // SAFETY: SSE2 is part of the x86_64 baseline, and `part` is 16 readable bytes (an
        // unaligned load).
        let (marks, low) = unsafe {
            let x = _mm_loadu_si128(part.as_ptr().cast::<__m128i>());
            let q = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'"' as i8));
            let bs = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\\' as i8));
            // x <= 0x1f exactly when max(x, 0x1f) == 0x1f (unsigned).
            let limit = _mm_set1_epi8(0x1f);
            let low = _mm_cmpeq_epi8(_mm_max_epu8(x, limit), limit);
            (
                _mm_movemask_epi8(_mm_or_si128(q, bs)) as u32,
                _mm_movemask_epi8(low) as u32,
            )
        };
        let any = marks | low;
        if any != 0 {
            let k = any.trailing_zeros();
            if low & (1 << k) != 0 {
                return Err(Bail);
            }
            return Ok(i + k as usize);
        }
        i += 16;
    }
    next_mark_bytes(b, i)
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn next_mark(b: &[u8], from: usize) -> R<usize> {
    next_mark_bytes(b, from)
}

/// [`next_mark`] a byte at a time: the last 15 bytes, and other architectures.
#[inline]
fn next_mark_bytes(b: &[u8], from: usize) -> R<usize> {
    let mut i = from;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' | b'\\' => return Ok(i),
            0..0x20 => return Err(Bail),
            _ => i += 1,
        }
    }
    Err(Bail)
}

impl<'d, 'a> Cur<'d, 'a> {
    fn at(doc: &'d Doc<'a>, i: usize) -> Self {
        Cur {
            s: doc.s,
            b: doc.s.as_bytes(),
            doc: std::marker::PhantomData,
            i,
            depth: 0,
        }
    }

    /// The text from `from` to `to`, two places the scanner stopped at: each is the start
    /// or end of the document, or next to an ASCII byte it read (a quote, a bracket, a digit,
    /// a letter of a literal), so each is a character boundary. Cut without checking that
    /// again: `str::get`'s boundary checks were a fortieth of the rendering's instructions.
    #[inline(always)]
    fn cut(&self, from: usize, to: usize) -> R<&'a str> {
        let bytes = self.b.get(from..to).ok_or(Bail)?;
        debug_assert!(self.s.is_char_boundary(from) && self.s.is_char_boundary(to));
        // SAFETY: `b` is `s`'s bytes, UTF-8, and both ends are character boundaries (above).
        Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
    }

    /// The first quote or backslash at or after `from` (see [`next_mark`]).
    #[inline(always)]
    fn next_mark(&self, from: usize) -> R<usize> {
        next_mark(self.b, from)
    }

    /// Past any whitespace. Agent streams are compact JSON, where there is none: one test
    /// decides that (every whitespace byte is at most a space), and the loop runs only
    /// after it (the loop alone, at every one of a member's four places, was a thirtieth of
    /// the rendering's instructions).
    #[inline(always)]
    fn ws(&mut self) {
        if self.b.get(self.i).is_some_and(|&c| c <= b' ') {
            self.ws_slow();
        }
    }

    /// Past a member's `:`, found at once in compact JSON (and after whitespace otherwise).
    #[inline(always)]
    fn colon(&mut self) -> R<()> {
        if self.b.get(self.i) != Some(&b':') {
            self.ws();
            if self.peek()? != b':' {
                return Err(Bail);
            }
        }
        self.i += 1;
        Ok(())
    }

    /// The first byte after a value that is not whitespace (`,` or a closing bracket, if the
    /// JSON is right), where the cursor then stands: one load when there is no whitespace.
    #[inline(always)]
    fn after(&mut self) -> R<u8> {
        let c = self.peek()?;
        if c > b' ' {
            return Ok(c);
        }
        self.ws_slow();
        self.peek()
    }

    #[inline(never)]
    fn ws_slow(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    #[inline]
    fn peek(&self) -> R<u8> {
        self.b.get(self.i).copied().ok_or(Bail)
    }

    /// At an opening quote: the string, its escapes checked. Inlined: returned through memory,
    /// its result was read back before the bytes were stored (a store-forwarding stall that
    /// took a third of the scan).
    #[inline(always)]
    fn string(&mut self) -> R<JStr<'a>> {
        let start = self.i + 1;
        let mut j = start;
        let mut escaped = false;
        loop {
            j = self.next_mark(j)?;
            if *self.b.get(j).ok_or(Bail)? == b'"' {
                break;
            }
            escaped = true;
            j = self.escape_end(j)?;
        }
        self.i = j + 1;
        Ok(JStr {
            raw: self.cut(start, j)?,
            escaped,
        })
    }

    #[inline(always)]
    fn number(&mut self) -> R<&'a str> {
        let start = self.i;
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => self.digits(),
            _ => return Err(Bail),
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !self.peek()?.is_ascii_digit() {
                return Err(Bail);
            }
            self.digits();
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) || self.i - start > 300 {
            return Err(Bail);
        }
        self.cut(start, self.i)
    }

    #[inline]
    fn digits(&mut self) {
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
    }

    fn literal(&mut self, word: &[u8]) -> R<()> {
        if self.b.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(Bail)
        }
    }

    /// One value, checked; containers are skipped and handed out as raw text. Inlined for
    /// scalars (most values), like [`Cur::string`]: results returned through memory and read
    /// back at once stalled the `?` that followed (35-47% of the decoder's own time).
    #[inline(always)]
    pub(crate) fn value(&mut self) -> R<Val<'a>> {
        let start = self.i;
        let escaped = match self.peek()? {
            b'"' => self.string()?.escaped,
            b'{' | b'[' => return self.container(),
            b't' => {
                self.literal(b"true")?;
                false
            }
            b'f' => {
                self.literal(b"false")?;
                false
            }
            b'n' => {
                self.literal(b"null")?;
                false
            }
            _ => {
                self.number()?;
                false
            }
        };
        Ok(Val::new(self.cut(start, self.i)?, escaped))
    }

    /// One value, checked and not built: for the members a reader does not keep (most of
    /// them). Building a [`Val`] only to drop it went through memory for every member.
    #[inline(always)]
    pub(crate) fn skip(&mut self) -> R<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' | b'[' => self.container().map(|_| ()),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number().map(|_| ()),
        }
    }

    /// At an opening quote: past the string, its escapes checked (as [`Cur::string`]).
    #[inline(always)]
    fn skip_string(&mut self) -> R<()> {
        let mut j = self.i + 1;
        loop {
            j = self.next_mark(j)?;
            if *self.b.get(j).ok_or(Bail)? == b'"' {
                break;
            }
            j = self.escape_end(j)?;
        }
        self.i = j + 1;
        Ok(())
    }

    /// At a backslash at `j`: where its escape ends, checked.
    #[inline]
    fn escape_end(&self, j: usize) -> R<usize> {
        match self.b.get(j + 1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(j + 2),
            Some(b'u') => {
                let code = hex4(self.b.get(j + 2..j + 6).ok_or(Bail)?)?;
                if (0xD800..0xE000).contains(&code) {
                    return Err(Bail);
                }
                Ok(j + 6)
            }
            _ => Err(Bail),
        }
    }

    /// An object or array, skipped (checked) and handed out as raw text.
    #[inline(never)]
    fn container(&mut self) -> R<Val<'a>> {
        let start = self.i;
        if self.peek()? == b'{' {
            self.fields(|c, _| c.skip())?;
        } else {
            self.items(Cur::skip)?;
        }
        Ok(Val::new(self.cut(start, self.i)?, false))
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Bail);
        }
        self.i += 1;
        self.ws();
        Ok(())
    }

    /// At `{`: each member in order, to its end. `each` is handed the cursor at the member's
    /// value and must read it (with [`Cur::value`], [`Cur::fields`] or [`Cur::items`]).
    pub(crate) fn fields(&mut self, mut each: impl FnMut(&mut Self, JStr<'a>) -> R<()>) -> R<()> {
        if self.peek()? != b'{' {
            return Err(Bail);
        }
        self.enter()?;
        if self.peek()? == b'}' {
            self.i += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            if self.peek()? != b'"' {
                return Err(Bail);
            }
            let key = self.string()?;
            if key.escaped {
                return Err(Bail);
            }
            self.colon()?;
            self.ws();
            each(self, key)?;
            match self.after()? {
                b',' => {
                    self.i += 1;
                    self.ws();
                }
                b'}' => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(Bail),
            }
        }
    }

    /// At `[`: each element in order, to its end; `each` must read the element, as for
    /// [`Cur::fields`].
    pub(crate) fn items(&mut self, mut each: impl FnMut(&mut Self) -> R<()>) -> R<()> {
        if self.peek()? != b'[' {
            return Err(Bail);
        }
        self.enter()?;
        if self.peek()? == b']' {
            self.i += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            each(self)?;
            match self.after()? {
                b',' => {
                    self.i += 1;
                    self.ws();
                }
                b']' => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(Bail),
            }
        }
    }

    /// The first byte of the value at the cursor.
    pub(crate) fn next_byte(&self) -> R<u8> {
        self.peek()
    }

    /// Where the cursor is, for [`Cur::since`].
    pub(crate) fn here(&self) -> usize {
        self.i
    }

    /// The object or array read since `start` (a [`Cur::here`]), as a value to walk again.
    pub(crate) fn since(&self, start: usize) -> R<Val<'a>> {
        let json = self.cut(start, self.i)?;
        if !matches!(json.as_bytes().first(), Some(b'{' | b'[')) {
            return Err(Bail);
        }
        Ok(Val::new(json, false))
    }

    /// A cursor at a value read earlier from the same document.
    pub(crate) fn at_val(&self, v: &Val<'a>) -> R<Cur<'d, 'a>> {
        let at = (v.json().as_ptr() as usize)
            .checked_sub(self.s.as_ptr() as usize)
            .filter(|at| *at < self.s.len())
            .ok_or(Bail)?;
        Ok(Cur {
            s: self.s,
            b: self.b,
            doc: std::marker::PhantomData,
            i: at,
            depth: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn accepts(s: &str) -> bool {
        Doc::new(s, |_, _| Ok(())).is_ok()
    }

    /// A string's end, an escape or a control character at every place of the 16-byte
    /// blocks strings are searched in, and across their edges.
    #[test]
    fn strings_end_where_they_end_at_every_offset() {
        for pad in 0..20 {
            for len in 0..40 {
                for at in 0..=len {
                    let body =
                        |mid: &str| format!("{}{mid}{}", "a".repeat(at), "b".repeat(len - at));
                    let key = "k".repeat(pad);
                    for (mid, ok) in [
                        ("", true),
                        ("\\\"", true),
                        ("\\\\", true),
                        ("\\u00e9", true),
                        ("\u{1f}", false),
                        ("\n", false),
                    ] {
                        let text = format!("{{\"{key}\":\"{}\",\"z\":1}}", body(mid));
                        let mut got = Vec::new();
                        let ours = Doc::new(&text, |k, v| {
                            got.push((k.owned()?, v.to_value()?));
                            Ok(())
                        });
                        assert_eq!(ours.is_ok(), ok, "{text:?}");
                        if ok {
                            let theirs: serde_json::Map<String, serde_json::Value> =
                                serde_json::from_str(&text).unwrap();
                            assert_eq!(got, theirs.into_iter().collect::<Vec<_>>(), "{text:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn strings_decode_their_escapes() {
        let mut got = Vec::new();
        Doc::new(
            r#"{"a":"plain","b":"q\"b\\s\/n\nt\tu\u00e9\u4e2d","c":""}"#,
            |k, v| {
                got.push((k.owned()?, v.as_str().ok_or(Bail)?.owned()?));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(
            got,
            [
                ("a".into(), "plain".into()),
                ("b".into(), "q\"b\\s/n\nt\tué中".into()),
                ("c".into(), String::new())
            ]
        );
    }

    #[test]
    fn a_control_character_anywhere_is_found() {
        for len in [0, 1, 15, 16, 17, 63, 64, 65, 130] {
            for at in 0..len {
                for c in ['\u{0}', '\u{1f}', '\t', '\u{1b}'] {
                    let mut text: Vec<char> = "é".repeat(len).chars().collect();
                    text[at] = c;
                    let doc = format!("{{\"a\":\"{}\"}}", text.into_iter().collect::<String>());
                    assert!(!accepts(&doc), "{len} {at} {c:?}");
                }
            }
            let clean = format!("{{\"a\":\"{}\u{7f}\u{80}\"}}", "é".repeat(len));
            assert!(accepts(&clean), "{len}");
        }
    }

    #[test]
    fn it_gives_up_on_what_it_does_not_decide() {
        for s in [
            "[1]",
            "{\"a\":\"\u{1}\"}",
            r#"{"a":"\ud83d\ude00"}"#,
            r#"{"a":1e5}"#,
            r#"{"\u0061":1}"#,
            r#"{"a":1} x"#,
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":-}"#,
            r#"{"a":tru}"#,
            r#"{"a":"\x"}"#,
            r#"{"a":[1,]}"#,
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{"a":"unterminated}"#,
            "{\"a\":\u{1}1}",
            "{\"a\":1}\u{0}",
            "{\"a\":\"x\ty\"}",
        ] {
            assert!(!accepts(s), "{s}");
        }
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(120), "]".repeat(120));
        assert!(!accepts(&deep));
        for s in [
            "{}",
            " {\"a\" : [ ] , \"b\":{ } } ",
            r#"{"a":-0.5,"b":[true,false,null,"x",{"c":12}]}"#,
            "{\"a\":1}\t",
            "{\n\t\"a\": [1,\r\n2]\n}\n",
        ] {
            assert!(accepts(s), "{s}");
        }
    }

    proptest! {
        /// The line count read off the JSON is the count of the decoded text's lines.
        #[test]
        fn line_count_counts_the_decoded_lines(s in "[ab\n\r\\\\\"\u{e9}\u{2028}]{0,24}") {
            let json = serde_json::to_string(&s).unwrap();
            // serde_json writes a line feed as `\n`; the `\u000a` spelling must count too.
            for json in [json.clone(), json.replace("\\n", "\\u000a"), json.replace("\\n", "\\u000A")] {
                let raw = &json[1..json.len() - 1];
                let j = JStr { raw, escaped: raw.contains('\\') };
                prop_assert_eq!(j.line_count(), s.lines().count(), "{}", json);
            }
        }

        /// Whatever it accepts, serde_json accepts, with the same members and strings.
        #[test]
        fn it_agrees_with_serde_json_on_any_object(v in crate::arbitrary::json_object()) {
            for text in [v.to_string(), serde_json::to_string_pretty(&v).unwrap()] {
                let mut got = serde_json::Map::new();
                let ours = Doc::new(&text, |k, v| {
                    got.insert(k.owned()?, v.to_value()?);
                    Ok(())
                });
                // Against serde_json's own reading of the text (its floats may not round-trip).
                if ours.is_ok() {
                    let theirs: serde_json::Value = serde_json::from_str(&text).unwrap();
                    prop_assert_eq!(serde_json::Value::Object(got), theirs);
                }
            }
        }

        #[test]
        fn it_never_accepts_what_serde_json_refuses(s in any::<String>()) {
            if accepts(&s) {
                prop_assert!(serde_json::from_str::<serde_json::Value>(&s).is_ok());
            }
        }

        /// Whitespace, a control character or a stray token inserted anywhere: what the
        /// scanner accepts, serde_json reads the same.
        #[test]
        fn whitespace_or_a_stray_byte_anywhere_is_read_as_serde_json_reads_it(
            v in crate::arbitrary::json_object(),
            at in any::<usize>(),
            insert in prop_oneof![Just(" "), Just("\t\r\n "), Just("\u{1}"), Just(","), Just(":"), Just("x")],
        ) {
            let mut text = v.to_string();
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, insert);
            let mut got = serde_json::Map::new();
            let ours = Doc::new(&text, |k, v| {
                got.insert(k.owned()?, v.to_value()?);
                Ok(())
            });
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            if ours.is_ok() {
                prop_assert_eq!(Some(serde_json::Value::Object(got)), theirs.ok(), "{}", text);
            }
        }

        #[test]
        fn it_never_accepts_a_broken_object(v in crate::arbitrary::json_object(), cut in any::<usize>()) {
            let text = v.to_string();
            let at = cut % text.len().max(1);
            if let Some(head) = text.get(..at)
                && accepts(head)
            {
                prop_assert!(serde_json::from_str::<serde_json::Value>(head).is_ok());
            }
        }
    }
}
