//! The scripted agent session the emulator streams: the Claude Agent SDK's message shapes
//! (connection, system init, thinking, streamed text, tool calls Write and Bash with their
//! results, more text, a result with duration, turns and cost), paced like a real generation
//! compressed to about ten seconds at speed 1.

use std::time::Duration;

use serde_json::{Value, json};

/// One event of the script, and how long after the previous one it comes (at speed 1).
pub struct Frame {
    pub after: Duration,
    pub data: Value,
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Escapes text for an HTML page the script "writes".
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The session for a prompt. `action` changes the agent's words; the shape stays the same.
pub fn script(prompt: &str, action: Option<&str>, session_id: &str, speed: f64) -> Vec<Frame> {
    let cwd = "/workspace/gen";
    let headline: String = prompt
        .lines()
        .next()
        .unwrap_or(prompt)
        .chars()
        .take(120)
        .collect();
    let opening = match action {
        Some("code-edit") => "I'll update the existing app for that.",
        Some("debug") => "Let me look for what is going wrong.",
        Some("info") => "Here is what this app does.",
        Some("logs") => "Let me read the latest server logs.",
        _ => "I'll build that as a fresh miniapp.",
    };
    let base =
        |kind: &str, uuid: &str| json!({"type": kind, "session_id": session_id, "uuid": uuid});
    let assistant = |uuid: &str, content: Value| {
        let mut m = base("assistant", uuid);
        m["parent_tool_use_id"] = Value::Null;
        m["message"] = json!({
            "id": format!("msg_{uuid}"), "type": "message", "role": "assistant",
            "model": "claude-sonnet-4-5", "content": content, "stop_reason": null,
            "usage": {"input_tokens": 900, "output_tokens": 40}
        });
        m
    };
    let tool_result = |uuid: &str, id: &str, content: &str, is_error: bool| {
        let mut m = base("user", uuid);
        m["parent_tool_use_id"] = Value::Null;
        m["message"] = json!({"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": id, "content": content, "is_error": is_error}
        ]});
        m
    };
    let delta = |uuid: &str, text: &str| {
        let mut m = base("stream_event", uuid);
        m["parent_tool_use_id"] = Value::Null;
        m["event"] = json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}});
        m
    };
    let page = format!(
        "export default function Page() {{\n  return (\n    <main className=\"min-h-screen bg-purple-700 text-white\">\n      <h1>{}</h1>\n    </main>\n  );\n}}\n",
        html(&headline)
    );
    let done = format!("Done! Your miniapp now shows “{headline}”. Open its URL to see it.");
    let mut frames = vec![
        Frame {
            after: ms(0),
            data: json!({"type": "connection", "message": "Streaming started"}),
        },
        Frame {
            after: ms(400),
            data: {
                let mut m = base("system", "s-0");
                m["subtype"] = json!("init");
                m["cwd"] = json!(cwd);
                m["model"] = json!("claude-sonnet-4-5");
                m["tools"] = json!([
                    "Task",
                    "Bash",
                    "Glob",
                    "Grep",
                    "Read",
                    "Edit",
                    "Write",
                    "TodoWrite"
                ]);
                m["mcp_servers"] = json!([]);
                m["permissionMode"] = json!("bypassPermissions");
                m["apiKeySource"] = json!("none");
                m
            },
        },
        Frame {
            after: ms(900),
            data: assistant(
                "a-1",
                json!([{"type": "thinking", "thinking": format!("The user asked: {headline}. I should check the template, then write the page."), "signature": "sig-emulator"}]),
            ),
        },
    ];
    let words: Vec<&str> = opening.split_inclusive(' ').collect();
    for (i, w) in words.iter().enumerate() {
        frames.push(Frame {
            after: ms(120),
            data: delta(&format!("p-{i}"), w),
        });
    }
    frames.extend([
        Frame { after: ms(150), data: assistant("a-2", json!([{"type": "text", "text": opening}])) },
        Frame {
            after: ms(600),
            data: assistant("a-3", json!([{"type": "tool_use", "id": "toolu_01", "name": "Glob", "input": {"pattern": "src/**/*.tsx"}}])),
        },
        Frame { after: ms(500), data: tool_result("u-4", "toolu_01", "src/app/page.tsx\nsrc/app/layout.tsx", false) },
        Frame {
            after: ms(1200),
            data: assistant("a-5", json!([{"type": "tool_use", "id": "toolu_02", "name": "Write", "input": {"file_path": format!("{cwd}/src/app/page.tsx"), "content": page}}])),
        },
        Frame {
            after: ms(700),
            data: tool_result("u-6", "toolu_02", &format!("File created successfully at: {cwd}/src/app/page.tsx"), false),
        },
        Frame {
            after: ms(800),
            data: assistant("a-7", json!([{"type": "tool_use", "id": "toolu_03", "name": "Bash", "input": {"command": "npm run build", "description": "Build the miniapp"}}])),
        },
        Frame { after: ms(2600), data: tool_result("u-8", "toolu_03", "> next build\n✓ Compiled successfully in 7.9s", false) },
        Frame { after: ms(700), data: assistant("a-9", json!([{"type": "text", "text": done}])) },
    ]);
    let total: Duration = frames.iter().map(|f| f.after).sum::<Duration>() + ms(300);
    let took = total.div_f64(speed.max(0.001));
    frames.push(Frame {
        after: ms(300),
        data: {
            let mut m = base("result", "r-0");
            m["subtype"] = json!("success");
            m["is_error"] = json!(false);
            m["duration_ms"] = json!(took.as_millis() as u64);
            m["duration_api_ms"] = json!((took.as_millis() as u64) * 9 / 10);
            m["num_turns"] = json!(5);
            m["result"] = json!(done);
            m["total_cost_usd"] = json!(0.0421);
            m["usage"] = json!({"input_tokens": 4210, "cache_read_input_tokens": 18000, "output_tokens": 912});
            m["permission_denials"] = json!([]);
            m
        },
    });
    frames
}

/// The events a cancelled session ends with, `elapsed` after it started: the interrupt the
/// Agent SDK records as a user message, and its error result (`error_during_execution`,
/// `is_error`), as Claude Code ends an interrupted query.
pub fn interrupted(session_id: &str, elapsed: Duration, turns: u64) -> Vec<Value> {
    let ms = elapsed.as_millis() as u64;
    vec![
        json!({
            "type": "user", "session_id": session_id, "uuid": uuid::Uuid::new_v4().to_string(),
            "parent_tool_use_id": null,
            "message": {"role": "user", "content": [{"type": "text", "text": "[Request interrupted by user]"}]}
        }),
        json!({
            "type": "result", "subtype": "error_during_execution", "is_error": true,
            "session_id": session_id, "uuid": uuid::Uuid::new_v4().to_string(),
            "duration_ms": ms, "duration_api_ms": ms * 9 / 10, "num_turns": turns,
            "total_cost_usd": 0.0123 * turns as f64,
            "usage": {"input_tokens": 900 * turns, "output_tokens": 40 * turns},
            "permission_denials": [],
            "errors": ["Request was aborted by the user"]
        }),
    ]
}

/// The session of `build` (`npm run build`, or `vercel build`) or of `recover` (read the dev
/// server's logs, fix, rebuild): a short agent run of its own, paced like `script`.
pub fn maintenance(recover: bool, build_type: &str, session_id: &str, speed: f64) -> Vec<Frame> {
    let cwd = "/workspace/gen";
    let base =
        |kind: &str, uuid: &str| json!({"type": kind, "session_id": session_id, "uuid": uuid});
    let assistant = |uuid: &str, content: Value| {
        let mut m = base("assistant", uuid);
        m["parent_tool_use_id"] = Value::Null;
        m["message"] = json!({
            "id": format!("msg_{uuid}"), "type": "message", "role": "assistant",
            "model": "claude-sonnet-4-5", "content": content, "stop_reason": null,
            "usage": {"input_tokens": 700, "output_tokens": 30}
        });
        m
    };
    let bash = |uuid: &str, id: &str, command: &str, what: &str| {
        assistant(
            uuid,
            json!([{"type": "tool_use", "id": id, "name": "Bash", "input": {"command": command, "description": what}}]),
        )
    };
    let tool_result = |uuid: &str, id: &str, content: &str| {
        let mut m = base("user", uuid);
        m["parent_tool_use_id"] = Value::Null;
        m["message"] = json!({"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": id, "content": content, "is_error": false}
        ]});
        m
    };
    let (command, output) = if build_type == "vercel" {
        (
            "npx vercel build --prod",
            "Vercel CLI 48.1.0\n> next build\n✓ Compiled successfully in 8.2s\n✓ Build Completed in .vercel/output",
        )
    } else {
        (
            "npm run build",
            "> next build\n✓ Compiled successfully in 7.9s\n✓ Generating static pages (5/5)",
        )
    };
    let mut frames = vec![
        Frame {
            after: ms(0),
            data: json!({"type": "connection", "message": "Streaming started"}),
        },
        Frame {
            after: ms(300),
            data: {
                let mut m = base("system", "s-0");
                m["subtype"] = json!("init");
                m["cwd"] = json!(cwd);
                m["model"] = json!("claude-sonnet-4-5");
                m["tools"] = json!(["Bash", "Read", "Edit"]);
                m["mcp_servers"] = json!([]);
                m["permissionMode"] = json!("bypassPermissions");
                m["apiKeySource"] = json!("none");
                m
            },
        },
    ];
    let done = if recover {
        frames.extend([
            Frame { after: ms(500), data: assistant("a-1", json!([{"type": "text", "text": "Let me read the dev server's error log."}])) },
            Frame { after: ms(400), data: bash("a-2", "toolu_r1", "tail -n 40 /tmp/dev-server.log", "Read the dev server log") },
            Frame { after: ms(600), data: tool_result("u-3", "toolu_r1", "⨯ ./src/app/page.tsx:4:7\nType error: Cannot find name 'Counter'.") },
            Frame {
                after: ms(900),
                data: assistant("a-4", json!([{"type": "tool_use", "id": "toolu_r2", "name": "Edit", "input": {"file_path": format!("{cwd}/src/app/page.tsx"), "old_string": "<Counter />", "new_string": "<main />"}}])),
            },
            Frame { after: ms(400), data: tool_result("u-5", "toolu_r2", &format!("The file {cwd}/src/app/page.tsx has been updated.")) },
            Frame { after: ms(700), data: bash("a-6", "toolu_r3", command, "Rebuild to check the fix") },
            Frame { after: ms(2400), data: tool_result("u-7", "toolu_r3", output) },
        ]);
        "Recovered: the dev server compiles again and serves the app."
    } else {
        frames.extend([
            Frame {
                after: ms(500),
                data: bash("a-1", "toolu_b1", command, "Build the miniapp"),
            },
            Frame {
                after: ms(3000),
                data: tool_result("u-2", "toolu_b1", output),
            },
        ]);
        "The build succeeded."
    };
    frames.push(Frame {
        after: ms(500),
        data: assistant("a-9", json!([{"type": "text", "text": done}])),
    });
    let total: Duration = frames.iter().map(|f| f.after).sum::<Duration>() + ms(200);
    let took = total.div_f64(speed.max(0.001));
    frames.push(Frame {
        after: ms(200),
        data: {
            let mut m = base("result", "r-0");
            m["subtype"] = json!("success");
            m["is_error"] = json!(false);
            m["duration_ms"] = json!(took.as_millis() as u64);
            m["duration_api_ms"] = json!((took.as_millis() as u64) * 9 / 10);
            m["num_turns"] = json!(if recover { 4 } else { 2 });
            m["result"] = json!(done);
            m["total_cost_usd"] = json!(if recover { 0.0187 } else { 0.0064 });
            m["usage"] = json!({"input_tokens": 2100, "output_tokens": 240});
            m["permission_denials"] = json!([]);
            m
        },
    });
    frames
}

/// A realistic agent stream of about `bytes` bytes, SSE-framed, for benchmarks: the scripted
/// session's events (text, thinking, deltas, tool calls and results) repeated, between its
/// opening events and its result.
pub fn firehose(bytes: usize) -> Vec<u8> {
    let frames = script(
        "benchmark the stream path with a realistic agent session",
        None,
        "bench-session",
        1.0,
    );
    let sse = |f: &Frame| format!("data: {}\n\n", f.data).into_bytes();
    let (Some(first), Some(last)) = (frames.first(), frames.last()) else {
        return Vec::new();
    };
    let middle: Vec<Vec<u8>> = frames[2..frames.len() - 1].iter().map(sse).collect();
    let result = sse(last);
    let mut out = Vec::with_capacity(bytes + 4096);
    out.extend(sse(first));
    out.extend(sse(&frames[1]));
    let mut i = 0;
    while out.len() + result.len() < bytes && !middle.is_empty() {
        out.extend_from_slice(&middle[i % middle.len()]);
        i += 1;
    }
    out.extend(result);
    out
}

/// How long a session takes at `speed`.
pub fn duration(frames: &[Frame], speed: f64) -> Duration {
    frames
        .iter()
        .map(|f| f.after)
        .sum::<Duration>()
        .div_f64(speed.max(0.001))
}

/// The final text of a script (what the blocking endpoint answers).
pub fn final_text(frames: &[Frame]) -> String {
    frames
        .last()
        .and_then(|f| f.data.get("result"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use studio_api::events::{Event, decode};

    #[test]
    fn the_firehose_is_whole_events_ending_in_a_result() {
        let body = firehose(200_000);
        assert!(
            body.len() >= 200_000 && body.len() < 210_000,
            "{}",
            body.len()
        );
        let mut parser = studio_api::sse::SseParser::new();
        let mut events = Vec::new();
        parser.feed(&body, &mut events).unwrap();
        assert!(!parser.finish());
        assert!(events.len() > 100);
        let Event::Result(r) = decode(&events.last().unwrap().data) else {
            panic!("no result at the end")
        };
        assert!(r.succeeded());
    }

    #[test]
    fn build_recover_and_the_interrupt_decode_as_the_cli_reads_them() {
        for (recover, build_type, command) in [
            (false, "npm", "npm run build"),
            (false, "vercel", "npx vercel build --prod"),
            (true, "npm", "npm run build"),
        ] {
            let frames = maintenance(recover, build_type, "sess", 1.0);
            assert_eq!(frames[0].data["type"], "connection");
            assert!(frames.iter().any(|f| f.data.to_string().contains(command)));
            let Event::Result(r) = decode(&frames.last().unwrap().data.to_string()) else {
                panic!("no result")
            };
            assert!(r.succeeded());
            let total = duration(&frames, 1.0);
            assert!(total > Duration::from_secs(3) && total < Duration::from_secs(8));
        }
        let last = interrupted("sess", Duration::from_millis(2500), 3);
        assert_eq!(last[1]["duration_ms"], 2500);
        let Event::Result(r) = decode(&last[1].to_string()) else {
            panic!("no result")
        };
        assert!(!r.succeeded());
        assert_eq!(r.subtype.as_deref(), Some("error_during_execution"));
    }

    #[test]
    fn the_script_decodes_into_the_expected_kinds() {
        let frames = script("a counter <app>", None, "sess", 1.0);
        let kinds: Vec<&str> = frames
            .iter()
            .map(|f| f.data["type"].as_str().unwrap())
            .collect();
        assert_eq!(kinds.first(), Some(&"connection"));
        assert_eq!(kinds.last(), Some(&"result"));
        for k in ["system", "assistant", "user", "stream_event"] {
            assert!(kinds.contains(&k), "{k}");
        }
        let Event::Result(r) = decode(&frames.last().unwrap().data.to_string()) else {
            panic!("no result")
        };
        assert!(r.succeeded());
        let total = duration(&frames, 1.0);
        assert!(
            total > Duration::from_secs(8) && total < Duration::from_secs(12),
            "{total:?}"
        );
        assert_eq!(duration(&frames, 10.0), total.div_f64(10.0));
        let write = frames
            .iter()
            .find(|f| f.data["message"]["content"][0]["name"] == "Write")
            .unwrap();
        assert!(write.data.to_string().contains("a counter &lt;app&gt;"));
    }
}
