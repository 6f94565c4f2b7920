//! pandu: a chat-bot helpdesk and guided assistant for Indonesian health facilities.

pub mod channels;
pub mod config;
pub mod console;
pub mod delivery;
pub mod desk;
pub mod dialog;
pub mod flows;
pub mod hours;
pub mod http;
pub mod i18n;
pub mod mask;
pub mod media;
pub mod metrics;
pub mod regions;
pub mod retention;
pub mod service;
pub mod store;
pub mod telegram;
pub mod validate;
pub mod vault;
pub mod whatsapp;
