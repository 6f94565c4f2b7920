//! The WhatsApp Business Cloud API channel (issue 5, in progress): what Meta's webhook
//! delivers (`webhook`), how replies are drawn within WhatsApp's limits (`render`), the Graph
//! API client (`api`) and the outbox transport (`transport`). The HTTP endpoint and the
//! 24-hour window come next.

pub mod api;
pub mod channel;
pub mod render;
pub mod transport;
pub mod webhook;
