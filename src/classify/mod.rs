//! Topic classification: assigns taxonomy topics to papers, as a pure function of
//! a paper and a taxonomy, and explains its choices.
//!
//! Not built yet (see the classifier issue); the module is here so the layout shows
//! where it sits in the flow: arxiv → store → classify → query → export.
