//! Cursor pagination: streams of pages and of items that follow `next_cursor`.

use std::collections::HashSet;

use futures_core::Stream;
use futures_util::stream::{self, StreamExt, TryStreamExt};

use crate::client::Client;
use crate::error::{Error, ErrorKind};
use crate::method::Paginated;
use crate::options::CallOptions;

/// Where a page stream stands between two pages.
enum Step<M: Paginated> {
    /// The next page is to be fetched with this request.
    Fetch(Cursor<M>),
    /// The stream ends with this error.
    Fail(Error<M::Error>),
    /// The stream has ended.
    Done,
}

/// One page (or the error in its place) and what comes after it.
type PageStep<M> =
    (Result<<M as crate::method::Method>::Response, Error<<M as crate::method::Method>::Error>>, Step<M>);

/// The request for the next page and every cursor Slack has handed out so far.
struct Cursor<M> {
    request: M,
    options: CallOptions,
    seen: HashSet<String>,
}

impl Client {
    /// Every page of a paginated method, as Slack returns them.
    ///
    /// Each page is one call through the usual path (retries, pacing, timeouts). The
    /// stream follows `response_metadata.next_cursor` until Slack sends none or an empty
    /// one. It ends after the first error; a cursor Slack hands out twice ends it with
    /// [`ErrorKind::RepeatedCursor`] rather than looping forever. A code the spec lists
    /// as meaning "nothing to list" (such as `no_active_sessions`) is not an error here:
    /// the stream just ends, with no more pages.
    ///
    /// The stream is not `Unpin`; pin it before polling:
    ///
    /// ```no_run
    /// # use futures_util::StreamExt;
    /// # async fn pages<M: slack_admin_users_session::method::Paginated>(client: &slack_admin_users_session::Client, request: M) {
    /// let mut pages = std::pin::pin!(client.pages(request));
    /// while let Some(page) = pages.next().await {
    ///     let page = page.expect("page");
    ///     # let _ = page;
    /// }
    /// # }
    /// ```
    pub fn pages<'a, M: Paginated + 'a>(
        &'a self,
        request: M,
    ) -> impl Stream<Item = Result<M::Response, Error<M::Error>>> + Send + 'a {
        self.pages_with(request, CallOptions::default())
    }

    /// Like [`Client::pages`], with per-call overrides applied to every page.
    pub fn pages_with<'a, M: Paginated + 'a>(
        &'a self,
        request: M,
        options: CallOptions,
    ) -> impl Stream<Item = Result<M::Response, Error<M::Error>>> + Send + 'a {
        let first = Step::Fetch(Cursor { request, options, seen: HashSet::new() });
        stream::unfold(first, move |step| async move {
            match step {
                Step::Fetch(cursor) => self.fetch_page(cursor).await,
                Step::Fail(error) => Some((Err(error), Step::Done)),
                Step::Done => None,
            }
        })
    }

    /// Every item of every page of a paginated method; see [`Client::pages`].
    pub fn paginate<'a, M: Paginated + 'a>(
        &'a self,
        request: M,
    ) -> impl Stream<Item = Result<M::Item, Error<M::Error>>> + Send + 'a {
        self.paginate_with(request, CallOptions::default())
    }

    /// Like [`Client::paginate`], with per-call overrides applied to every page.
    pub fn paginate_with<'a, M: Paginated + 'a>(
        &'a self,
        request: M,
        options: CallOptions,
    ) -> impl Stream<Item = Result<M::Item, Error<M::Error>>> + Send + 'a {
        self.pages_with(request, options).map_ok(|page| stream::iter(M::into_items(page)).map(Ok)).try_flatten()
    }

    /// Fetches one page and decides what comes after it; `None` ends the stream with
    /// no further page.
    async fn fetch_page<M: Paginated>(&self, mut cursor: Cursor<M>) -> Option<PageStep<M>> {
        let page = match self.call_with(&cursor.request, &cursor.options).await {
            Ok(page) => page,
            Err(error) if error.api_error().is_some_and(M::is_empty_result) => return None,
            Err(error) => return Some((Err(error), Step::Done)),
        };
        let next = match M::next_cursor(&page) {
            Some(next) if !next.is_empty() => next.to_owned(),
            _ => return Some((Ok(page), Step::Done)),
        };
        if !cursor.seen.insert(next.clone()) {
            tracing::warn!(method = M::NAME, cursor = %next, "Slack repeated a cursor; pagination stops");
            let error = Error::new(M::NAME, 0, ErrorKind::RepeatedCursor { cursor: next });
            return Some((Ok(page), Step::Fail(error)));
        }
        cursor.request.set_cursor(next);
        Some((Ok(page), Step::Fetch(cursor)))
    }
}
