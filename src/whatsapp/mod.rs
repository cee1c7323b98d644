//! PLACEHOLDER until the wire module lands (replaced on merge).
pub mod outbound {
    use crate::domain::reply::Reply;
    /// Graph API body for a reply (placeholder: text only).
    pub fn message_body(to: &str, reply: &Reply, _callback: Option<&str>) -> serde_json::Value {
        serde_json::json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": "text", "text": {"body": reply.body()}})
    }
}
