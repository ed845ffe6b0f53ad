//! Long work (imports, inspections) runs off the UI thread, reports progress and can be cancelled.
//! A shell starts a job in the registry, hands the token to the work and the job id to the UI;
//! the UI's "Cancel" calls `cancel(id)`; the work checks the token between units of work.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;

#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// One progress report: `done` of `total` units, and what is being worked on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgressUpdate {
    pub job: u64,
    pub done: u64,
    pub total: u64,
    pub current: String,
    pub stage: Stage,
}

/// Where a job is: going through its units, or on its last step after the last unit (an
/// import building its indexes and saving: seconds at a million rows, with nothing to count).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    #[default]
    Working,
    Finishing,
}

#[derive(Debug, Default)]
pub struct JobRegistry {
    next: AtomicU64,
    running: Mutex<HashMap<u64, CancelToken>>,
}

/// A running job; dropping it unregisters the job, however the work ended.
pub struct JobGuard<'a> {
    pub id: u64,
    pub token: CancelToken,
    registry: &'a JobRegistry,
}

impl JobRegistry {
    pub fn start(&self) -> JobGuard<'_> {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let token = CancelToken::default();
        self.running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, token.clone());
        JobGuard {
            id,
            token,
            registry: self,
        }
    }

    /// Asks a job to stop; false when it already finished (or never existed).
    pub fn cancel(&self, id: u64) -> bool {
        match self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
        {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    pub fn running(&self) -> usize {
        self.running.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

impl Drop for JobGuard<'_> {
    fn drop(&mut self) {
        self.registry
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_reaches_the_running_job_and_finished_jobs_unregister() {
        let reg = JobRegistry::default();
        let job = reg.start();
        assert_eq!(reg.running(), 1);
        assert!(!job.token.is_cancelled());
        assert!(reg.cancel(job.id), "a running job can be cancelled");
        assert!(job.token.is_cancelled(), "the work sees the cancellation");
        let id = job.id;
        drop(job);
        assert_eq!(reg.running(), 0, "finished jobs leave the registry");
        assert!(!reg.cancel(id), "cancelling a finished job is a no-op");
        assert_ne!(reg.start().id, id, "ids are not reused");
    }
}
