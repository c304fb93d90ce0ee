//! One keep-alive HTTP/1.1 connection per simulated client, as a browser or k6 would hold.
//! A connection that fails is dropped and made again on the next call, so the generator
//! rides through a server restart (the crash test kills the server under load).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::{Method, Request, header};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// Where the server listens, from `http://host:port`.
#[derive(Clone, Debug)]
pub struct Target {
    pub addr: SocketAddr,
    pub host: String,
}

impl Target {
    pub async fn parse(url: &str) -> anyhow::Result<Self> {
        let rest = url.strip_prefix("http://").context(
            "the URL must start with http:// (the generator speaks plain HTTP over loopback)",
        )?;
        let host = rest.split('/').next().unwrap_or_default().to_owned();
        if host.is_empty() {
            bail!("no host in {url}");
        }
        let addr = tokio::net::lookup_host(&host)
            .await
            .with_context(|| format!("cannot resolve {host}"))?
            .next()
            .with_context(|| format!("{host} resolves to no address"))?;
        Ok(Self { addr, host })
    }
}

/// An answer: status, body, and how long the call took from send to last byte.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Bytes,
    pub took: Duration,
}

#[derive(Debug)]
pub struct Client {
    target: Target,
    token: Option<String>,
    conn: Option<SendRequest<Full<Bytes>>>,
}

impl Client {
    #[must_use]
    pub fn new(target: Target, token: Option<String>) -> Self {
        Self {
            target,
            token,
            conn: None,
        }
    }

    async fn connect(&mut self) -> anyhow::Result<&mut SendRequest<Full<Bytes>>> {
        if self.conn.as_ref().is_none_or(SendRequest::is_closed) {
            let stream = TcpStream::connect(self.target.addr).await?;
            stream.set_nodelay(true)?;
            let (sender, conn) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
            tokio::spawn(async move {
                // The connection ends when the server closes it or dies; the next call reconnects.
                let _ = conn.await;
            });
            self.conn = Some(sender);
        }
        let conn = self.conn.as_mut().context("connection just made")?;
        conn.ready().await?;
        Ok(conn)
    }

    /// Sends one request. `authorised` adds the bearer token; public calls go without it.
    pub async fn call(
        &mut self,
        method: Method,
        path: &str,
        json: Option<Vec<u8>>,
        authorised: bool,
    ) -> anyhow::Result<Answer> {
        let result = self.try_call(method, path, json, authorised).await;
        if result.is_err() {
            self.conn = None;
        }
        result
    }

    async fn try_call(
        &mut self,
        method: Method,
        path: &str,
        json: Option<Vec<u8>>,
        authorised: bool,
    ) -> anyhow::Result<Answer> {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, self.target.host.as_str());
        if authorised && let Some(token) = &self.token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match json {
            Some(bytes) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Full::new(Bytes::from(bytes))
            }
            None => Full::new(Bytes::new()),
        };
        let req = req.body(body)?;
        let started = Instant::now();
        let conn = self.connect().await?;
        let res = conn.send_request(req).await?;
        let status = res.status().as_u16();
        let body = res.into_body().collect().await?.to_bytes();
        Ok(Answer {
            status,
            body,
            took: started.elapsed(),
        })
    }
}
