//! The procedures pandu guides, one file each, from the documents in `shared/seeds/`.

use crate::dialog::flow::Flow;

pub mod clinic;
pub mod keluarga_sehat;
pub mod kyc;
pub mod portal;
pub mod vendor;

/// Every procedure, in menu order.
pub static ALL: &[&Flow] = &[
    &portal::FLOW,
    &vendor::FLOW,
    &clinic::FLOW,
    &kyc::FLOW,
    &keluarga_sehat::FLOW,
];
