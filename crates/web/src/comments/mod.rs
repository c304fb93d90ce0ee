//! Comments in the web layer: the thread under an article, a place report or a poll (built by
//! [`thread`] and shown by `templates/comments/thread.html`, which those pages include), the
//! forms that post, vote and report, and the moderators' queue. Thin layers over
//! `motcua_app::comments`.
//!
//! URLs: `POST /binh-luan` (a comment or a reply), `POST /binh-luan/{id}/bau` (a vote),
//! `POST /binh-luan/{id}/bao-cao` (a report); `/kiem-duyet/binh-luan` (the queue) and its
//! `POST /kiem-duyet/binh-luan/{id}/{duyet|an|khoi-phuc|chan}`.

mod pages;
mod thread;

pub(crate) use pages::router;
pub(crate) use thread::{Thread, note_of, thread};
