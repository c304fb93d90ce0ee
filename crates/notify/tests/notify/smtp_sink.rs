//! A minimal SMTP server on loopback that records what it is given, and a decoder for the
//! parts of a MIME message the tests look at.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One message as the server received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub data: String,
}

impl Received {
    /// Header fields, unfolded and with encoded words decoded, keyed by lower-case name.
    pub fn headers(&self) -> HashMap<String, String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        let mut unfolded: Vec<String> = Vec::new();
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                unfolded.last_mut().unwrap().push_str(line);
            } else {
                unfolded.push(line.to_owned());
            }
        }
        unfolded
            .iter()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), decode_words(v.trim())))
            .collect()
    }

    /// The body, transfer-decoded.
    pub fn body(&self) -> String {
        let raw = self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let encoding = self
            .headers()
            .get("content-transfer-encoding")
            .cloned()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match encoding.as_str() {
            "base64" => {
                let compact: String = raw.split_whitespace().collect();
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(compact)
                    .expect("base64 body");
                String::from_utf8(bytes).expect("UTF-8 body")
            }
            "quoted-printable" => decode_quoted_printable(raw),
            _ => raw.to_owned(),
        }
    }
}

/// Decodes RFC 2047 `=?utf-8?b?…?=` words; the whitespace between two such words is not
/// part of the text.
fn decode_words(value: &str) -> String {
    let mut out = Vec::new();
    let mut rest = value;
    let mut after_word = false;
    while !rest.is_empty() {
        let lower = rest.to_ascii_lowercase();
        match lower.find("=?utf-8?b?") {
            Some(start) => {
                let between = &rest[..start];
                if !(after_word && between.trim().is_empty()) {
                    out.extend_from_slice(between.as_bytes());
                }
                let word = &rest[start + 10..];
                let end = word.find("?=").expect("closed encoded word");
                out.extend(
                    base64::engine::general_purpose::STANDARD
                        .decode(&word[..end])
                        .expect("base64 word"),
                );
                rest = &word[end + 2..];
                after_word = true;
            }
            None => {
                out.extend_from_slice(rest.as_bytes());
                rest = "";
            }
        }
    }
    String::from_utf8(out).expect("UTF-8 header")
}

fn decode_quoted_printable(raw: &str) -> String {
    let mut out = Vec::new();
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes[i + 1..].starts_with(b"\r\n") => i += 3,
            b'=' => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).expect("QP escape"));
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8 body")
}

/// How the sink answers RCPT TO.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mood {
    Accept,
    /// 550: the mailbox does not exist (a permanent refusal).
    RejectRecipients,
}

pub struct SmtpSink {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    task: JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A loopback port with nothing listening on it (for the "mail server down" case).
pub async fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap().port()
}

impl SmtpSink {
    pub async fn start(port: u16, mood: Mood) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = received.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let store = store.clone();
                tokio::spawn(async move {
                    let _ = session(stream, mood, store).await;
                });
            }
        });
        Self {
            addr,
            received,
            task,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn session(
    stream: TcpStream,
    mood: Mood,
    store: Arc<Mutex<Vec<Received>>>,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink.test ESMTP\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink.test\r\n250 8BITMIME\r\n",
            "HELO" | "NOOP" => b"250 OK\r\n",
            "RSET" => {
                (from, to) = (String::new(), Vec::new());
                b"250 OK\r\n"
            }
            "MAIL" => {
                from = address(&command);
                b"250 OK\r\n"
            }
            "RCPT" if mood == Mood::RejectRecipients => b"550 5.1.1 No such user\r\n",
            "RCPT" => {
                to.push(address(&command));
                b"250 OK\r\n"
            }
            "DATA" => {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" {
                        break;
                    }
                    // Undo dot-stuffing.
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                store.lock().unwrap().push(Received {
                    mail_from: std::mem::take(&mut from),
                    rcpt_to: std::mem::take(&mut to),
                    data,
                });
                b"250 OK queued\r\n"
            }
            "QUIT" => {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 Command not implemented\r\n",
        };
        write.write_all(reply).await?;
    }
}

/// `MAIL FROM:<a@b> SIZE=…` → `a@b`.
fn address(command: &str) -> String {
    let start = command.find('<').map_or(0, |i| i + 1);
    let end = command[start..]
        .find('>')
        .map_or(command.len(), |i| start + i);
    command[start..end].to_owned()
}

#[test]
fn decoders_read_what_lettre_writes() {
    assert_eq!(
        decode_words("=?utf-8?b?SOG7kyBzxqE=?= =?utf-8?b?IHPhu5E=?="),
        "Hồ sơ số"
    );
    assert_eq!(decode_words("plain"), "plain");
    assert_eq!(decode_quoted_printable("H=E1=BB=93 s=\r\n=C6=A1"), "Hồ sơ");
}
