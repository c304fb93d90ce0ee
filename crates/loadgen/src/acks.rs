//! The log of acknowledged steps: every call that got a 2xx answer, written as it arrives, so
//! that after a crash the checker can ask the restarted server for each of them.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context as _, bail};
use tokio::io::{AsyncWriteExt as _, BufWriter};
use tokio::sync::mpsc;

use crate::stats::Call;

/// One acknowledged step: the dossier as the server said it was after the call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ack {
    pub call: Call,
    pub id: String,
    pub code: String,
    pub version: i64,
    pub status: String,
}

impl Ack {
    fn line(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\t{}\n",
            self.call, self.id, self.code, self.version, self.status
        )
    }

    fn parse(line: &str) -> Option<Self> {
        let mut f = line.split('\t');
        let ack = Self {
            call: Call::parse(f.next()?)?,
            id: f.next()?.to_owned(),
            code: f.next()?.to_owned(),
            version: f.next()?.parse().ok()?,
            status: f.next()?.to_owned(),
        };
        f.next().is_none().then_some(ack)
    }
}

/// Starts the writer; the log is complete once the returned task ends (all senders dropped).
pub async fn writer(
    path: &Path,
) -> anyhow::Result<(
    mpsc::UnboundedSender<Ack>,
    tokio::task::JoinHandle<anyhow::Result<u64>>,
)> {
    let file = tokio::fs::File::create(path)
        .await
        .with_context(|| format!("cannot create {}", path.display()))?;
    let (tx, mut rx) = mpsc::unbounded_channel::<Ack>();
    let task = tokio::spawn(async move {
        let mut out = BufWriter::new(file);
        let mut n = 0;
        while let Some(ack) = rx.recv().await {
            out.write_all(ack.line().as_bytes()).await?;
            n += 1;
            // Flush whenever the queue is drained: a watcher (the crash test) reads the log
            // while the load runs.
            if rx.is_empty() {
                out.flush().await?;
            }
        }
        out.flush().await?;
        Ok(n)
    });
    Ok((tx, task))
}

/// What must be true of each dossier: the latest acknowledged step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    pub code: String,
    pub version: i64,
    pub status: String,
}

/// Reads a log into the latest acknowledged state of each dossier, and the number of steps.
pub fn read(text: &str) -> anyhow::Result<(HashMap<String, Expected>, usize)> {
    let mut out: HashMap<String, Expected> = HashMap::new();
    let mut steps = 0;
    for (i, line) in text.lines().enumerate() {
        let Some(ack) = Ack::parse(line) else {
            bail!(
                "line {} of the log is not an acknowledgement: {line:?}",
                i + 1
            );
        };
        steps += 1;
        let e = out.entry(ack.id).or_insert_with(|| Expected {
            code: ack.code.clone(),
            version: ack.version,
            status: ack.status.clone(),
        });
        if ack.version >= e.version {
            e.version = ack.version;
            e.status = ack.status;
        }
    }
    Ok((out, steps))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ack(call: Call, version: i64, status: &str) -> Ack {
        Ack {
            call,
            id: "d1".into(),
            code: "H12.39-260101-0001".into(),
            version,
            status: status.into(),
        }
    }

    #[test]
    fn a_line_reads_back_as_written() {
        let a = ack(Call::HandOver, 2, "result_ready");
        assert_eq!(Ack::parse(a.line().trim_end()), Some(a));
        assert_eq!(Ack::parse("create\td1\tcode\tnot-a-number\treceived"), None);
        assert_eq!(Ack::parse("create\td1\tcode\t1\treceived\textra"), None);
    }

    #[test]
    fn the_latest_version_of_each_dossier_is_expected() {
        let log: String = [
            ack(Call::Create, 1, "received"),
            ack(Call::Return, 3, "returned"),
            ack(Call::HandOver, 2, "result_ready"),
        ]
        .iter()
        .map(Ack::line)
        .collect();
        let (expected, steps) = read(&log).unwrap();
        assert_eq!(steps, 3);
        assert_eq!(expected["d1"].version, 3);
        assert_eq!(expected["d1"].status, "returned");
    }

    #[test]
    fn a_damaged_log_is_refused() {
        assert!(read("create\td1\n").is_err());
    }
}
