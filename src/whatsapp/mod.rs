//! The WhatsApp Business Cloud API channel (issue 5, in progress): what Meta's webhook
//! delivers (`webhook`) and how replies are drawn within WhatsApp's limits (`render`). Both are
//! pure; the HTTP endpoint, the delivery transport and the 24-hour window come next.

pub mod render;
pub mod webhook;
