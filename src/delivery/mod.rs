//! The outbox worker: delivers committed replies to a platform, in order within each chat and
//! in parallel across chats, within the platform's rate limits. It waits out "retry after"
//! exactly, retries network errors and server errors with backoff, and stops sending to a user
//! who blocked the bot.
//!
//! Each platform request is recorded before it is made (`begin_attempt`) and its answer after
//! (`part_delivered`, `retry_later`, ...). A crash between the two leaves the request's outcome
//! unknown: on restart it is made again (a reply may then arrive twice; neither Telegram nor
//! WhatsApp lets a bot ask whether it arrived) and counted in the row's `uncertain_resends`.

pub mod limits;

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::{Notify, Semaphore};
use tracing::Instrument;

use crate::store::{
    Claim, Db, Delivered, DeskStore, HoldNote, OutboxItem, Share, Store, StoreError,
};
use limits::{Limiter, Limits};

/// Why a platform request did not deliver.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The platform asked to wait this long before any further request.
    #[error("rate limited: retry after {0:?}")]
    RetryAfter(Duration),
    /// Network trouble or a server error: the same request may succeed later.
    #[error("temporary failure: {0}")]
    Transient(String),
    /// The user blocked the bot or no longer exists.
    #[error("chat unreachable: {0}")]
    Unreachable(String),
    /// The platform refuses this request for good.
    #[error("rejected: {0}")]
    Rejected(String),
    /// The place it was going to is gone (a forum topic deleted by hand): given up, and the
    /// desk makes a new one.
    #[error("target gone: {0}")]
    Gone(String),
    /// The user's window for free-form messages has closed (WhatsApp: 24 hours after their
    /// last message): the reply waits for them to write again.
    #[error("the user's messaging window has closed")]
    WindowClosed,
}

/// What a delivered request produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sent {
    /// The platform's id of the message, when later edits may need it.
    pub platform_id: Option<String>,
}

/// A platform the outbox delivers to.
pub trait Transport: Send + Sync + 'static {
    /// One platform request.
    type Part: Send + Sync + 'static;

    /// The channel name in the store (`telegram`).
    fn channel(&self) -> &'static str;

    /// Whether `chat_id` is a group chat (it has a rate of its own).
    fn is_group(&self, chat_id: &str) -> bool;

    /// The chat whose rate limit a request to `chat_id` counts against (a forum topic counts
    /// against its group).
    fn rate_key<'a>(&self, chat_id: &'a str) -> &'a str {
        chat_id
    }

    /// The requests that deliver `item`, all of them (the worker skips those already made).
    fn parts(&self, item: &OutboxItem) -> Vec<Self::Part>;

    /// Makes one request.
    fn send(
        &self,
        chat_id: &str,
        part: &Self::Part,
    ) -> impl Future<Output = Result<Sent, SendError>> + Send;

    /// Whether `item` may go at `now`, or must wait for its user to write first (WhatsApp's
    /// 24-hour window has closed).
    fn may_send(&self, _item: &OutboxItem, _now: DateTime<Utc>) -> bool {
        true
    }

    /// Sends the message that invites a user whose window has closed to write again (an
    /// approved WhatsApp template). `None`: there is none to send.
    fn invite_back(
        &self,
        _chat_id: &str,
    ) -> impl Future<Output = Result<Option<Sent>, SendError>> + Send {
        async { Ok(None) }
    }
}

/// Wakes the workers that may have work after a commit: every outbox worker (an agent's
/// answer written in Telegram goes to a WhatsApp user, so one channel's commit can be another
/// channel's delivery), and the desk's worker when the commit made work for it.
#[derive(Clone, Default)]
pub struct Wake {
    deliveries: Arc<Vec<Arc<Notify>>>,
    desk: Option<Arc<Notify>>,
}

impl Wake {
    pub fn new(deliveries: impl IntoIterator<Item = Arc<Notify>>) -> Wake {
        Wake {
            deliveries: Arc::new(deliveries.into_iter().collect()),
            desk: None,
        }
    }

    /// Also wakes `desk` when a commit has work for the agents.
    pub fn with_desk(mut self, desk: Arc<Notify>) -> Wake {
        self.desk = Some(desk);
        self
    }

    /// Wakes each outbox worker once (a wake-up that finds its worker busy is kept for it).
    pub fn notify_one(&self) {
        for n in self.deliveries.iter() {
            n.notify_one();
        }
    }

    /// Wakes the desk's worker: a message made a case or something for the agents. (Waking it
    /// after every message cost several queries each.)
    pub fn desk(&self) {
        if let Some(d) = &self.desk {
            d.notify_one();
        }
    }
}

impl From<Arc<Notify>> for Wake {
    fn from(n: Arc<Notify>) -> Wake {
        Wake::new([n])
    }
}

/// Tuning of the worker.
#[derive(Debug, Clone)]
pub struct DeliveryConfig {
    pub limits: Limits,
    /// How often the outbox is read when nothing wakes the worker.
    pub poll_interval: Duration,
    /// First retry delay after a temporary failure; doubled each time up to `backoff_max`.
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// Requests under way at once.
    pub max_in_flight: usize,
    /// A reply that still fails with temporary errors this long after it was written is given
    /// up (logged as an error), so that its chat's later replies can go.
    pub give_up_after: Duration,
    /// With several processes on one database: how long a claim on a reply under way holds
    /// without renewal, and how long a worker counts as alive after its last heartbeat. A
    /// process that dies has its replies and its chats taken over after this.
    pub lease: Duration,
}

impl DeliveryConfig {
    pub fn telegram() -> DeliveryConfig {
        DeliveryConfig {
            limits: Limits::telegram(),
            poll_interval: Duration::from_millis(500),
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(60),
            max_in_flight: 16,
            give_up_after: Duration::from_secs(24 * 3600),
            lease: Duration::from_secs(15),
        }
    }
}

/// The worker for one transport.
pub struct Delivery<T: Transport> {
    db: Db,
    transport: Arc<T>,
    config: DeliveryConfig,
    limiter: Arc<Mutex<Limiter>>,
    wake: Arc<Notify>,
    busy: Arc<Mutex<HashSet<String>>>,
    /// This worker's id among the processes sharing the database.
    worker: Arc<str>,
}

impl<T: Transport> Delivery<T> {
    pub fn new(db: Db, transport: Arc<T>, config: DeliveryConfig) -> Self {
        let limiter = Arc::new(Mutex::new(Limiter::new(config.limits, Instant::now())));
        Self {
            db,
            transport,
            config,
            limiter,
            wake: Arc::new(Notify::new()),
            busy: Arc::new(Mutex::new(HashSet::new())),
            worker: format!("{}-{:08x}", std::process::id(), rand::random::<u32>()).into(),
        }
    }

    /// Notify this after committing replies so they go out at once.
    pub fn waker(&self) -> Arc<Notify> {
        Arc::clone(&self.wake)
    }

    /// Runs until the task is dropped.
    pub async fn run(self) {
        self.run_until(Stop::never()).await
    }

    /// Runs until `stop`; then delivers what is due and under way, and returns when nothing is
    /// left to send now (replies waiting for a retry time or for their user stay in the outbox).
    pub async fn run_until(self, mut stop: Stop) {
        let channel = self.transport.channel();
        // Alone on its database (SQLite), a starting worker knows every claim is from its own
        // previous run. Sharing it, only claims whose process stopped renewing them are.
        let shared = self.db.is_shared();
        let expired_at = shared.then(Utc::now);
        match persist(|| self.db.recover_in_flight(channel, expired_at)).await {
            0 => {}
            n => tracing::warn!(
                channel,
                replies = n,
                "requests were under way when the bot stopped; sending them again"
            ),
        }
        // The heartbeat runs apart from this loop, which may wait long for a free slot: claims
        // must be renewed however slow the platform is.
        let (share_tx, share) = tokio::sync::watch::channel(Share::ALL);
        let _beats = shared.then(|| {
            AbortOnDrop(tokio::spawn(
                Beats {
                    db: self.db.clone(),
                    channel,
                    worker: Arc::clone(&self.worker),
                    lease: self.config.lease,
                    limiter: Arc::clone(&self.limiter),
                }
                .run(share_tx),
            ))
        });
        let slots = Arc::new(Semaphore::new(self.config.max_in_flight.max(1)));
        let (recorder, _recording) = Recorder::start(self.db.clone());
        // Jobs live in this set: when the worker is stopped (its task aborted), they stop too.
        let mut jobs = tokio::task::JoinSet::new();
        loop {
            reap(&mut jobs);
            let mine = *share.borrow();
            let due = match self.db.due_outbox(channel, Utc::now(), 500, mine).await {
                Ok(d) => d,
                Err(e) => {
                    tracing::error!(channel, error = %e, "reading the outbox failed");
                    tokio::time::sleep(self.config.poll_interval).await;
                    continue;
                }
            };
            if stop.is_set() && due.is_empty() && jobs.is_empty() {
                tracing::info!(channel, "outbox flushed");
                drop(_beats);
                if shared && let Err(e) = self.db.leave(channel, &self.worker).await {
                    tracing::warn!(channel, error = %e, "could not sign off; the others take over after the lease");
                }
                return;
            }
            // The whole list, in chunks as slots free up: each chunk is as many replies as
            // there are free slots, claimed in one statement.
            let mut due = due.into_iter().peekable();
            while due.peek().is_some() {
                let Ok(first) = Arc::clone(&slots).acquire_owned().await else {
                    return;
                };
                let mut permits = vec![first];
                while let Ok(p) = Arc::clone(&slots).try_acquire_owned() {
                    permits.push(p);
                }
                let mut batch = Vec::new();
                while batch.len() < permits.len() {
                    let Some(item) = due.next() else {
                        break;
                    };
                    if let Some(busy) = Busy::take(&self.busy, &item.chat.chat_id) {
                        batch.push((item, busy));
                    }
                }
                if batch.is_empty() {
                    break;
                }
                let ids: Vec<i64> = batch.iter().map(|(item, _)| item.id).collect();
                let now = Utc::now();
                let claim = claim_at(&self.worker, self.config.lease, now);
                let claimed: HashMap<i64, (u32, i64)> =
                    persist(|| self.db.claim_many(&ids, now, &claim))
                        .await
                        .into_iter()
                        .map(|(id, parts, attempts)| (id, (parts, attempts)))
                        .collect();
                for (mut item, busy) in batch {
                    // Not claimed: delivered, claimed or postponed meanwhile (a stale read).
                    let Some(&(parts_done, attempts)) = claimed.get(&item.id) else {
                        continue;
                    };
                    let Some(permit) = permits.pop() else {
                        break;
                    };
                    item.parts_done = parts_done;
                    item.attempts = attempts - 1;
                    let job = Job {
                        db: self.db.clone(),
                        transport: Arc::clone(&self.transport),
                        limiter: Arc::clone(&self.limiter),
                        config: self.config.clone(),
                        worker: Arc::clone(&self.worker),
                        recorder: recorder.clone(),
                    };
                    let wake = Arc::clone(&self.wake);
                    let span = tracing::info_span!("deliver", channel, outbox = item.id);
                    jobs.spawn(
                        async move {
                            job.deliver(item, true).await;
                            drop(busy);
                            drop(permit);
                            // The chat's next reply may be due now.
                            wake.notify_one();
                        }
                        .instrument(span),
                    );
                }
                reap(&mut jobs);
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.config.poll_interval) => {}
                _ = stop.wait() => {}
            }
        }
    }
}

/// Takes the finished jobs out of the set, logging any that panicked.
fn reap(jobs: &mut tokio::task::JoinSet<()>) {
    while let Some(done) = jobs.try_join_next() {
        if let Err(e) = done
            && e.is_panic()
        {
            tracing::error!("a delivery job panicked");
        }
    }
}

/// Stops a task when dropped (with the future that started it).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A delivery worker's heartbeat, with several processes on the database.
struct Beats {
    db: Db,
    channel: &'static str,
    worker: Arc<str>,
    lease: Duration,
    limiter: Arc<Mutex<Limiter>>,
}

impl Beats {
    /// Every third of the lease: says this worker is alive and learns its share of the chats
    /// (and so of the overall rate), keeps its claims, and takes back the claims of processes
    /// that stopped renewing theirs.
    async fn run(self, share_tx: tokio::sync::watch::Sender<Share>) {
        let every = (self.lease / 3).max(Duration::from_millis(100));
        let lease = lease_span(self.lease);
        let channel = self.channel;
        loop {
            let now = Utc::now();
            match self.db.heartbeat(channel, &self.worker, now, lease).await {
                Ok(s) if s != *share_tx.borrow() => {
                    tracing::info!(
                        channel,
                        rank = s.rank,
                        workers = s.of,
                        "delivery shared among the processes"
                    );
                    lock(&self.limiter).set_share(s.of);
                    share_tx.send_replace(s);
                }
                Ok(_) => {}
                Err(e) => tracing::error!(channel, error = %e, "delivery heartbeat failed"),
            }
            let claim = claim_at(&self.worker, self.lease, now);
            if let Err(e) = self.db.renew_claims(channel, &claim).await {
                tracing::error!(channel, error = %e, "renewing delivery claims failed");
            }
            match self.db.recover_in_flight(channel, Some(now)).await {
                Ok(0) => {}
                Ok(n) => tracing::warn!(
                    channel,
                    replies = n,
                    "another process stopped while sending; its replies are sent again"
                ),
                Err(e) => tracing::error!(channel, error = %e, "taking back expired claims failed"),
            }
            tokio::time::sleep(every).await;
        }
    }
}

/// Tells long-running tasks to finish: stop taking new work, complete what is under way.
#[derive(Clone)]
pub struct Stop(Option<tokio::sync::watch::Receiver<bool>>);

impl Stop {
    /// A stop and the switch that sets it.
    pub fn new() -> (tokio::sync::watch::Sender<bool>, Stop) {
        let (tx, rx) = tokio::sync::watch::channel(false);
        (tx, Stop(Some(rx)))
    }

    /// A stop that is never set.
    pub fn never() -> Stop {
        Stop(None)
    }

    pub fn is_set(&self) -> bool {
        self.0.as_ref().is_some_and(|rx| *rx.borrow())
    }

    /// Resolves once the stop is set (never, when the switch is dropped unset).
    pub async fn wait(&mut self) {
        let set = match &mut self.0 {
            Some(rx) => rx.wait_for(|v| *v).await.is_ok(),
            None => false,
        };
        if !set {
            std::future::pending::<()>().await;
        }
    }
}

/// A chat with a job under way; released when dropped, even if the job panics.
struct Busy {
    set: Arc<Mutex<HashSet<String>>>,
    chat: String,
}

impl Busy {
    fn take(set: &Arc<Mutex<HashSet<String>>>, chat: &str) -> Option<Busy> {
        lock(set).insert(chat.to_string()).then(|| Busy {
            set: Arc::clone(set),
            chat: chat.to_string(),
        })
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        lock(&self.set).remove(&self.chat);
    }
}

fn lock<V>(m: &Mutex<V>) -> std::sync::MutexGuard<'_, V> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

struct Job<T: Transport> {
    db: Db,
    transport: Arc<T>,
    limiter: Arc<Mutex<Limiter>>,
    config: DeliveryConfig,
    worker: Arc<str>,
    recorder: Recorder,
}

/// A claim by `worker` made at `now`.
fn claim_at(worker: &str, lease: Duration, now: DateTime<Utc>) -> Claim {
    Claim {
        owner: worker.to_string(),
        until: now + lease_span(lease),
    }
}

/// The lease as a span of database time (a lease too long for it: the default's 15 seconds).
fn lease_span(lease: Duration) -> chrono::Duration {
    chrono::Duration::from_std(lease).unwrap_or_else(|_| chrono::Duration::seconds(15))
}

/// What the recorder is asked: a reply delivered in full, and whom to tell once it is recorded.
type ToRecord = (Delivered, tokio::sync::oneshot::Sender<()>);

/// Records replies delivered in full, many in one statement: each job waits until its own is
/// recorded, and the jobs finishing meanwhile share the statement.
#[derive(Clone)]
struct Recorder(tokio::sync::mpsc::UnboundedSender<ToRecord>);

impl Recorder {
    fn start(db: Db) -> (Recorder, AbortOnDrop) {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<ToRecord>();
        let task = tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut batch = vec![first];
                while batch.len() < 256 {
                    match rx.try_recv() {
                        Ok(next) => batch.push(next),
                        Err(_) => break,
                    }
                }
                let rows: Vec<Delivered> = batch.iter().map(|(d, _)| d.clone()).collect();
                persist(|| db.delivered_many(&rows)).await;
                for (_, done) in batch {
                    let _ = done.send(());
                }
            }
        });
        (Recorder(tx), AbortOnDrop(task))
    }

    /// Returns once `d` is recorded (or the worker is stopping: the reply then counts as under
    /// way at the stop, and is sent again at the next start).
    async fn record(&self, d: Delivered) {
        let (done, recorded) = tokio::sync::oneshot::channel();
        if self.0.send((d, done)).is_ok() {
            let _ = recorded.await;
        }
    }
}

impl<T: Transport> Job<T> {
    /// Claims reply `item` for the request about to make its part `part` (numbered from 0).
    async fn claim(&self, item: &OutboxItem, part: u32) -> bool {
        let now = Utc::now();
        let claim = claim_at(&self.worker, self.config.lease, now);
        persist(|| self.db.begin_attempt(item.id, part, now, &claim)).await
    }

    /// Delivers `item`; `claimed`: its next request is already claimed.
    async fn deliver(&self, item: OutboxItem, claimed: bool) {
        let parts = self.transport.parts(&item);
        let total = parts.len();
        if total <= item.parts_done as usize {
            // Nothing (left) to send, e.g. a page of a list whose message is gone.
            persist(|| self.db.part_delivered(item.id, 0, None, true, Utc::now())).await;
            return;
        }
        let chat = &item.chat.chat_id;
        if !self.transport.may_send(&item, Utc::now()) {
            self.hold(&item, item.parts_done, claimed).await;
            return;
        }
        let mut claimed = claimed;
        let group = self.transport.is_group(chat);
        let mut failures = u32::try_from(item.attempts)
            .unwrap_or(u32::MAX)
            .saturating_sub(item.parts_done);
        for (n, part) in parts.iter().enumerate().skip(item.parts_done as usize) {
            self.wait_turn(self.transport.rate_key(chat), group).await;
            if !std::mem::take(&mut claimed) && !self.claim(&item, n as u32).await {
                // Delivered, claimed or postponed meanwhile (a stale read of the outbox).
                return;
            }
            // Recording the claim may have waited on the database: a "retry after" that came
            // meanwhile still holds.
            self.wait_pause().await;
            let result = self.transport.send(chat, part).await;
            let now = Utc::now();
            match result {
                Ok(sent) => {
                    crate::metrics::sent(self.transport.channel());
                    let done = n + 1;
                    if done == total {
                        self.recorder
                            .record(Delivered {
                                id: item.id,
                                parts_done: done as u32,
                                platform_id: sent.platform_id,
                                at: now,
                            })
                            .await;
                    } else {
                        persist(|| {
                            self.db.part_delivered(
                                item.id,
                                done as u32,
                                sent.platform_id.as_deref(),
                                false,
                                now,
                            )
                        })
                        .await;
                    }
                }
                Err(SendError::RetryAfter(wait)) => {
                    self.wait_out(&item, wait, now).await;
                    return;
                }
                Err(SendError::Transient(e))
                    if (now - item.created_at).to_std().unwrap_or_default()
                        > self.config.give_up_after =>
                {
                    crate::metrics::given_up(self.transport.channel());
                    tracing::error!(error = %e, "a reply failed for too long; given up");
                    persist(|| self.db.give_up(item.id, now, &e)).await;
                    return;
                }
                Err(SendError::Transient(e)) => {
                    failures = failures.saturating_add(1);
                    self.try_later(&item, failures, &e, now).await;
                    return;
                }
                Err(SendError::Unreachable(e)) => {
                    self.unreachable(&item, &e, now).await;
                    return;
                }
                Err(SendError::Gone(e)) => {
                    tracing::warn!(error = %e, "the message's topic is gone; the case gets a new one");
                    persist(|| self.db.give_up(item.id, now, "gone")).await;
                    if let Some((chat, thread)) = item.chat.chat_id.split_once(':') {
                        persist(|| self.db.forget_topic(chat, thread)).await;
                    }
                    return;
                }
                Err(SendError::Rejected(e)) => {
                    crate::metrics::given_up(self.transport.channel());
                    tracing::error!(error = %e, "the platform refused a reply");
                    persist(|| self.db.give_up(item.id, now, &e)).await;
                    return;
                }
                Err(SendError::WindowClosed) => {
                    persist(|| self.db.retry_later(item.id, now, "24-hour window closed")).await;
                    self.hold(&item, n as u32, false).await;
                    return;
                }
            }
        }
    }

    /// Holds a reply whose user's window has closed until they write again, after inviting
    /// them back (once per closed window). The agents are told through the case's topic.
    /// `claimed`: the invitation's request is already claimed.
    async fn hold(&self, item: &OutboxItem, parts_done: u32, claimed: bool) {
        let chat = &item.chat.chat_id;
        let note = if item.window.invited_since_last_message() {
            HoldNote::AlreadyInvited
        } else {
            self.wait_turn(self.transport.rate_key(chat), false).await;
            if !claimed && !self.claim(item, parts_done).await {
                return;
            }
            self.wait_pause().await;
            let result = self.transport.invite_back(chat).await;
            let now = Utc::now();
            match result {
                Ok(Some(_)) => HoldNote::Invited,
                Ok(None) => HoldNote::NoTemplate,
                Err(SendError::RetryAfter(wait)) => {
                    self.wait_out(item, wait, now).await;
                    return;
                }
                Err(SendError::Transient(e)) => {
                    let failures = u32::try_from(item.attempts).unwrap_or(u32::MAX).max(1);
                    self.try_later(item, failures, &e, now).await;
                    return;
                }
                Err(SendError::Unreachable(e)) => {
                    self.unreachable(item, &e, now).await;
                    return;
                }
                Err(
                    e @ (SendError::Rejected(_) | SendError::Gone(_) | SendError::WindowClosed),
                ) => {
                    tracing::error!(error = %e, "the platform refused the template inviting the user back: check WHATSAPP_TEMPLATE");
                    HoldNote::TemplateRefused
                }
            }
        };
        tracing::info!(
            note = note.as_str(),
            "reply held until the user writes again"
        );
        persist(|| self.db.hold_for_window(item, note, Utc::now())).await;
    }

    /// The platform asked for a pause: every request waits, and this one is tried after it.
    async fn wait_out(&self, item: &OutboxItem, wait: Duration, now: DateTime<Utc>) {
        crate::metrics::rate_limited(self.transport.channel());
        tracing::warn!(?wait, "rate limited by the platform; pausing all requests");
        lock(&self.limiter).pause_until(Instant::now() + wait);
        let next = now + chrono::Duration::from_std(wait).unwrap_or_default();
        persist(|| self.db.retry_later(item.id, next, "retry_after")).await;
    }

    /// A temporary failure (the `failures`-th): tried again after a backoff.
    async fn try_later(&self, item: &OutboxItem, failures: u32, e: &str, now: DateTime<Utc>) {
        crate::metrics::retry(self.transport.channel());
        let wait = backoff(&self.config, failures);
        tracing::warn!(error = %e, ?wait, "delivery failed; will retry");
        let next = now + chrono::Duration::from_std(wait).unwrap_or_default();
        persist(|| self.db.retry_later(item.id, next, e)).await;
    }

    async fn unreachable(&self, item: &OutboxItem, e: &str, now: DateTime<Utc>) {
        tracing::info!(reason = %e, "chat unreachable; its replies are dropped");
        persist(|| self.db.mark_unreachable(&item.chat, item.id, now)).await;
    }

    async fn wait_pause(&self) {
        loop {
            let until = lock(&self.limiter).paused_until(Instant::now());
            match until {
                Some(at) => tokio::time::sleep_until(at.into()).await,
                None => return,
            }
        }
    }

    async fn wait_turn(&self, chat: &str, group: bool) {
        loop {
            let res = lock(&self.limiter).try_take(chat, group, Instant::now());
            match res {
                Ok(()) => return,
                Err(at) => tokio::time::sleep_until(at.into()).await,
            }
        }
    }
}

/// The delay before retry number `failures` (1, 2, ...): doubling, capped, with a little jitter
/// so that many chats do not retry in step.
fn backoff(config: &DeliveryConfig, failures: u32) -> Duration {
    let exp = failures.saturating_sub(1).min(20);
    let base = config.backoff_base.saturating_mul(1u32 << exp.min(16));
    let capped = base.min(config.backoff_max);
    let jitter = rand::random::<f64>() * 0.2;
    capped
        .mul_f64(1.0 + jitter)
        .min(config.backoff_max.max(capped))
}

/// Retries a bookkeeping write until the database takes it: delivery state must not be lost
/// to a short database outage.
async fn persist<V, F, Fut>(mut f: F) -> V
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<V, StoreError>>,
{
    let mut wait = Duration::from_millis(100);
    loop {
        match f().await {
            Ok(v) => return v,
            Err(e) => {
                tracing::error!(error = %e, ?wait, "recording delivery state failed; retrying");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(10));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let c = DeliveryConfig {
            backoff_base: Duration::from_millis(100),
            backoff_max: Duration::from_secs(1),
            ..DeliveryConfig::telegram()
        };
        let b1 = backoff(&c, 1);
        let b3 = backoff(&c, 3);
        assert!(b1 >= Duration::from_millis(100) && b1 <= Duration::from_millis(120));
        assert!(b3 >= Duration::from_millis(400) && b3 <= Duration::from_millis(480));
        assert_eq!(backoff(&c, 30), Duration::from_secs(1));
    }
}
