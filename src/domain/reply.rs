//! What the bot says, before it becomes WhatsApp JSON. `whatsapp::outbound`
//! turns these into Graph API bodies and enforces Meta's limits there.

/// One outgoing message to a customer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reply {
    /// Plain text (≤ 4096 characters on the wire).
    Text { body: String },
    /// Up to three reply buttons under a body (≤ 1024).
    Buttons {
        body: String,
        buttons: Vec<Choice>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        header: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        footer: Option<String>,
    },
    /// A list: a button label that opens up to ten rows in sections.
    List {
        body: String,
        /// The label of the button that opens the list (≤ 20).
        button: String,
        sections: Vec<Section>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        header: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        footer: Option<String>,
    },
    /// A button that opens a web page (`cta_url`): the online payment link.
    CtaUrl {
        body: String,
        /// The button's label (≤ 20).
        display_text: String,
        /// An absolute http(s) URL.
        url: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        footer: Option<String>,
    },
    /// WhatsApp's own "Send location" button under a body
    /// (`location_request_message`): the answer comes back as a pin.
    LocationRequest { body: String },
}

/// A button or a list row: the id comes back when tapped, the title is shown.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Choice {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Section {
    pub title: String,
    pub rows: Vec<Choice>,
}

impl Choice {
    pub(crate) fn new(id: impl Into<String>, title: impl Into<String>) -> Choice {
        Choice {
            id: id.into(),
            title: title.into(),
            description: None,
        }
    }

    pub(crate) fn with_description(mut self, d: impl Into<String>) -> Choice {
        self.description = Some(d.into());
        self
    }
}

impl Reply {
    pub fn text(body: impl Into<String>) -> Reply {
        Reply::Text { body: body.into() }
    }

    /// The body text, whatever the kind.
    pub(crate) fn body(&self) -> &str {
        match self {
            Reply::Text { body }
            | Reply::Buttons { body, .. }
            | Reply::List { body, .. }
            | Reply::CtaUrl { body, .. }
            | Reply::LocationRequest { body } => body,
        }
    }
}
