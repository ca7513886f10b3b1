//! A list read page by page, following `nextCursor`, guarded against servers whose paging never ends.
use std::collections::HashSet;
use std::marker::PhantomData;

use super::client::{Client, MAX_IDLE_PAGES, MAX_PAGES, Query};
use super::error::{Error, Route};
use super::listing::{RawPage, raw_id};
use super::{Listed, Listing};

impl Client {
    /// The pages of a list, one request each, following `nextCursor`.
    pub fn pages<T: Listed>(&self, path: &str, query: Query) -> Pages<T> {
        Pages {
            client: self.clone(),
            path: path.to_owned(),
            query,
            cursor: None,
            cursors: HashSet::new(),
            ids: HashSet::new(),
            read: 0,
            pages: 0,
            idle_pages: 0,
            finished: false,
            stopped: None,
            item: PhantomData,
        }
    }
}
/// Awaiting a list reads all of it (`Pages::all`).
impl<T: Listed + Send + 'static> std::future::IntoFuture for Pages<T> {
    type Output = Result<Listing<T>, Error>;
    type IntoFuture = std::pin::Pin<Box<dyn Future<Output = Self::Output> + Send>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.all())
    }
}

/// A list being read page by page, so a caller can show the first page while the rest loads.
pub struct Pages<T> {
    client: Client,
    path: String,
    query: Query,
    cursor: Option<String>,
    /// Every cursor handed out so far: one coming back would loop forever.
    cursors: HashSet<String>,
    /// Ids of the items read so far, to tell a page that brings nothing new.
    ids: HashSet<String>,
    /// Items read so far, readable or not.
    read: usize,
    pages: usize,
    /// Pages in a row that brought no new item.
    idle_pages: usize,
    finished: bool,
    /// Why reading stopped early, told by the call after the page that showed it.
    stopped: Option<Error>,
    item: PhantomData<fn() -> T>,
}

impl<T: Listed> Pages<T> {
    /// Whether the last page has been handed over (and no error is still to be told).
    pub fn is_done(&self) -> bool {
        self.finished && self.stopped.is_none()
    }

    /// The next page, or `None` once the list is done. Items already handed over (by id) are left out, and
    /// the positions of unreadable items count every item handed over before them. When the server's paging
    /// goes wrong, the page is still handed over and the next call gives the error.
    pub async fn next_page(&mut self) -> Result<Option<Listing<T>>, Error> {
        if let Some(error) = self.stopped.take() {
            return Err(error);
        }
        if self.finished {
            return Ok(None);
        }
        let mut query = self.query.clone();
        if let Some(cursor) = &self.cursor {
            query.push(("cursor", cursor.clone()));
        }
        let page: RawPage = self.client.get(&self.path, &query).await.inspect_err(|_| self.finished = true)?;
        self.pages += 1;
        let sent = page.data.len();
        let fresh: Vec<_> =
            page.data.into_iter().filter(|raw| raw_id(raw).is_none_or(|id| self.ids.insert(id))).collect();
        if fresh.len() < sent {
            tracing::warn!(path = %self.path, repeated = sent - fresh.len(), "items already listed came again; left out");
        }
        self.idle_pages = if fresh.is_empty() { self.idle_pages + 1 } else { 0 };
        let mut data = Listing::<T>::decode(fresh).read_by(&Route { method: "GET", path: self.path.clone() });
        for item in &mut data.unreadable {
            item.position += self.read;
        }
        self.read += data.total();
        let stop = match page.pagination.next_cursor.filter(|_| page.pagination.has_more) {
            Some(_) if self.idle_pages >= MAX_IDLE_PAGES => Some(format!(
                "the API said more items follow, but {MAX_IDLE_PAGES} pages in a row brought no new one \
                 ({} items in {} pages)",
                self.read, self.pages
            )),
            Some(_) if self.pages >= MAX_PAGES => {
                Some(format!("the list had not ended after {MAX_PAGES} pages ({} items)", self.read))
            }
            Some(next) if self.cursors.contains(&next) => Some("a cursor came back a second time".to_owned()),
            Some(next) => {
                self.cursors.insert(next.clone());
                self.cursor = Some(next);
                None
            }
            None => {
                if page.pagination.has_more {
                    tracing::warn!(path = %self.path, "hasMore without a nextCursor: taking the list as complete");
                }
                self.finished = true;
                None
            }
        };
        if let Some(detail) = stop {
            self.finished = true;
            self.stopped = Some(Error::Paging { route: Route { method: "GET", path: self.path.clone() }, detail });
        }
        Ok(Some(data))
    }

    /// Every item, all pages followed to the end; any failure fails the whole list.
    pub async fn all(self) -> Result<Listing<T>, Error> {
        match self.until_error().await {
            (listing, None) => Ok(listing),
            (_, Some(error)) => Err(error),
        }
    }

    /// Every item up to the first failure, and that failure: what was read is still worth showing.
    pub async fn until_error(mut self) -> (Listing<T>, Option<Error>) {
        let mut listing = Listing::default();
        loop {
            match self.next_page().await {
                Ok(Some(page)) => listing.append(page),
                Ok(None) => return (listing, None),
                Err(error) => return (listing, Some(error)),
            }
        }
    }
}
