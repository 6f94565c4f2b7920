//! The procedures pandu guides, one file each, from the documents in `shared/seeds/`.

use crate::dialog::flow::Flow;

pub mod clinic;
pub mod keluarga_sehat;
pub mod kyc;

/// Every procedure, in menu order.
pub static ALL: &[&Flow] = &[&clinic::FLOW, &kyc::FLOW, &keluarga_sehat::FLOW];
