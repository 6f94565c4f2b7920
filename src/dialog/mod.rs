//! The dialog core: pure, no I/O. A conversation step is a function of the flow definitions,
//! the stored state, one inbound event and the time, returning the new state, the replies and
//! the effects (cases to record). Channels translate to and from this model.

pub mod commands;
pub mod engine;
pub mod files;
pub mod flow;
pub mod input;
pub mod intents;
pub mod model;
pub mod reference;
pub mod secrets;
pub mod state;

pub use engine::step;
pub use model::*;
pub use state::Conversation;

use crate::i18n::{I18nError, Locales};
use crate::regions::Regions;

/// What a step is computed from besides the state: texts, regions, procedures.
pub struct Defs {
    pub locales: Locales,
    pub regions: &'static Regions,
    pub flows: &'static [&'static flow::Flow],
    /// How long personal data is kept (the consent notice states it).
    pub retention: crate::retention::Policy,
}

impl Defs {
    pub fn load() -> Result<Defs, I18nError> {
        Ok(Defs {
            locales: Locales::load()?,
            regions: crate::regions::regions(),
            flows: crate::flows::ALL,
            retention: crate::retention::Policy::default(),
        })
    }

    pub fn flow(&self, id: &str) -> Option<&'static flow::Flow> {
        self.flows.iter().copied().find(|f| f.id == id)
    }
}
