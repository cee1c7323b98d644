//! The Graph API client: posts message and mark-read bodies to
//! `{base_url}/{api_version}/{phone_number_id}/messages` with the bearer token, and turns the
//! answer into [`SendOk`] or a classified [`SendError`] the outbox can act on.
//!
//! The access token lives in a [`SecretString`] and never reaches `Debug` output, error
//! messages or logs.

mod classify;

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::Value;

pub(crate) use classify::{SendError, classify};

/// A send Meta accepted. Accepted is not delivered: delivery arrives later as a status webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SendOk {
    /// The `wamid.…` of the message, which status webhooks refer to. `None` for mark-read
    /// bodies (Meta answers `{"success": true}`) or an answer without `messages[0].id`.
    pub wa_message_id: Option<String>,
}

/// The client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// `base_url` must start with `http://` or `https://`.
    #[error("Graph API base URL {0:?} is not an http(s) URL")]
    BadBaseUrl(String),
    /// The version or number id would not form a single path segment.
    #[error("Graph API {field} {value:?} must be a single non-empty path segment")]
    BadSegment {
        /// `api_version` or `phone_number_id`.
        field: &'static str,
        /// What was given.
        value: String,
    },
    /// reqwest could not set up (e.g. the TLS backend failed to initialise).
    #[error("cannot build the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

/// A sender bound to one business phone number.
#[derive(Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    url: String,
    token: SecretString,
}

impl std::fmt::Debug for GraphClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphClient")
            .field("url", &self.url)
            .field("token", &"[REDACTED]")
            .finish()
    }
}

#[derive(Deserialize)]
struct SendResponse {
    #[serde(default)]
    messages: Vec<SentMessage>,
}

#[derive(Deserialize)]
struct SentMessage {
    id: Option<String>,
}

impl GraphClient {
    /// `base_url` is `https://graph.facebook.com` in production, a local fake in tests;
    /// `timeout` bounds each whole request (a timed-out send is retried).
    pub fn new(
        base_url: &str,
        api_version: &str,
        phone_number_id: &str,
        access_token: SecretString,
        timeout: Duration,
    ) -> Result<GraphClient, ClientError> {
        let base = base_url.trim().trim_end_matches('/');
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(ClientError::BadBaseUrl(base_url.to_string()));
        }
        for (field, value) in [
            ("api_version", api_version),
            ("phone_number_id", phone_number_id),
        ] {
            if value.is_empty() || value.contains(['/', '?', '#', ' ']) {
                return Err(ClientError::BadSegment {
                    field,
                    value: value.to_string(),
                });
            }
        }
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(ClientError::Http)?;
        let url = format!("{base}/{api_version}/{phone_number_id}/messages");
        Ok(GraphClient {
            http,
            url,
            token: access_token,
        })
    }

    /// Where sends go.
    #[cfg(test)]
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// POST one body (from `outbound::message_body` or `outbound::mark_read_body`).
    /// Timeouts and connection failures are [`SendError::Retry`]: the message may or may not
    /// have reached Meta, so resending it can duplicate it (statuses carry the callback data
    /// to tell).
    pub(crate) async fn send(&self, body: &Value) -> Result<SendOk, SendError> {
        let response = self
            .http
            .post(&self.url)
            .bearer_auth(self.token.expose_secret())
            .json(body)
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(transport)?;
        if !status.is_success() {
            return Err(classify(status.as_u16(), &bytes));
        }
        let parsed = serde_json::from_slice::<SendResponse>(&bytes).ok();
        let wa_message_id = parsed
            .and_then(|r| r.messages.into_iter().next())
            .and_then(|m| m.id);
        Ok(SendOk { wa_message_id })
    }
}

/// A failure before a Graph answer arrived. reqwest errors carry the URL (which holds no
/// secret) but never request headers, so the token cannot leak through them.
fn transport(e: reqwest::Error) -> SendError {
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connection failed"
    } else if e.is_builder() {
        return SendError::Permanent {
            code: None,
            message: format!("bad request: {e}"),
        };
    } else {
        "transport error"
    };
    SendError::Retry {
        code: None,
        message: format!("{kind}: {e}"),
    }
}

#[cfg(test)]
mod tests;
