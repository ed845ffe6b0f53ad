//! Lead scoring: a fit grade from the profile and engagement points from touches.
