//! Page streams: a paginated list one page at a time, with its counters, resumable after an
//! error. The item streams are built on them.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use centiacrm_types::Paginated;
use futures_core::Stream;
use futures_util::StreamExt;

use crate::Error;
use crate::middleware::NewRequestId;
use crate::transport::{ItemStream, Transport};

/// One page of a paginated list, with the list's counters.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ListPage<T> {
    pub items: Vec<T>,
    /// The number of items of all pages, if the method reports it.
    pub total: Option<i64>,
    /// This page's number (1-based).
    pub current_page: i64,
    pub last_page: i64,
}

type Fetch<M> = Pin<
    Box<
        dyn Future<
                Output = (
                    <M as centiacrm_types::ApiMethod>::Params,
                    Result<<M as centiacrm_types::ApiMethod>::Response, Error>,
                    NewRequestId,
                ),
            > + Send,
    >,
>;

/// The pages of a paginated list, each fetched when the stream reaches it.
///
/// A failed page is an error item, after which the stream ends; [`PageStream::resume`]
/// asks for the failed page again, [`PageStream::resume_from`] for any page.
pub struct PageStream<M: Paginated> {
    transport: Transport,
    /// `None` while a page is being fetched (the fetch owns them).
    params: Option<M::Params>,
    next_page: Option<i64>,
    /// The page being fetched.
    asked: i64,
    failed_page: Option<i64>,
    total: Option<i64>,
    current_page: Option<i64>,
    last_page: Option<i64>,
    fetch: Option<Fetch<M>>,
}

// The parameters are never pinned: they move in and out of the fetch by value.
impl<M: Paginated> Unpin for PageStream<M> {}

impl<M: Paginated> std::fmt::Debug for PageStream<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageStream")
            .field("method", &format_args!("{}.{}", M::NAMESPACE, M::NAME))
            .field("next_page", &self.next_page)
            .field("failed_page", &self.failed_page)
            .field("total", &self.total)
            .field("current_page", &self.current_page)
            .field("last_page", &self.last_page)
            .finish_non_exhaustive()
    }
}

impl<M: Paginated + 'static> PageStream<M> {
    pub(crate) fn new(transport: Transport, params: M::Params) -> Self {
        let start = M::start_page(&params);
        Self {
            transport,
            params: Some(params),
            next_page: Some(start),
            asked: start,
            failed_page: None,
            total: None,
            current_page: None,
            last_page: None,
            fetch: None,
        }
    }

    /// The total of the last page received, if the method reports it.
    pub fn total(&self) -> Option<i64> {
        self.total
    }

    /// The number of the last page received.
    pub fn current_page(&self) -> Option<i64> {
        self.current_page
    }

    /// The last page, as the last page received says.
    pub fn last_page(&self) -> Option<i64> {
        self.last_page
    }

    /// The page that failed, if the last item was an error.
    pub fn failed_page(&self) -> Option<i64> {
        self.failed_page
    }

    /// After an error, asks for the failed page again; the stream carries on from there.
    /// Returns the page, or `None` if no page failed.
    pub fn resume(&mut self) -> Option<i64> {
        let page = self.failed_page.take()?;
        self.next_page = Some(page);
        Some(page)
    }

    /// Carries on from `page` (1-based), once the page being fetched (if any) is yielded.
    pub fn resume_from(&mut self, page: i64) {
        self.failed_page = None;
        self.next_page = Some(page);
    }

    /// The items of every page, in order.
    pub fn into_items(self) -> ItemStream<M::Item> {
        Box::pin(self.flat_map(|page| {
            let items: Box<dyn Iterator<Item = Result<M::Item, Error>> + Send> = match page {
                Ok(page) => Box::new(page.items.into_iter().map(Ok)),
                Err(err) => Box::new(std::iter::once(Err(err))),
            };
            futures_util::stream::iter(items)
        }))
    }

    /// Reads the answer to page `self.asked`.
    fn received(
        &mut self,
        response: Result<M::Response, Error>,
        request_id: &NewRequestId,
    ) -> Result<ListPage<M::Item>, Error> {
        let asked = self.asked;
        let response = response.inspect_err(|_| self.failed_page = Some(asked))?;
        let total = M::total(&response);
        let page = M::into_page(response);
        if page.current_page != asked {
            self.failed_page = Some(asked);
            return Err(Error::Pagination {
                namespace: M::NAMESPACE,
                method: M::NAME,
                asked,
                returned: page.current_page,
                request_id: Some(request_id.as_str().into()),
            });
        }
        self.total = total;
        self.current_page = Some(page.current_page);
        self.last_page = Some(page.last_page);
        // Unless `resume_from` chose the next page meanwhile.
        if self.next_page.is_none() && page.current_page < page.last_page {
            self.next_page = Some(page.current_page + 1);
        }
        Ok(ListPage {
            items: page.items,
            total,
            current_page: page.current_page,
            last_page: page.last_page,
        })
    }
}

impl<M: Paginated + 'static> Stream for PageStream<M> {
    type Item = Result<ListPage<M::Item>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.fetch.is_none() {
            let Some(page) = this.next_page.take() else {
                return Poll::Ready(None);
            };
            let Some(mut params) = this.params.take() else {
                return Poll::Ready(None);
            };
            M::set_page(&mut params, page);
            this.asked = page;
            let transport = this.transport.clone();
            this.fetch = Some(Box::pin(async move {
                let request_id = NewRequestId::new();
                let response = transport.call_identified::<M>(&params, &request_id).await;
                (params, response, request_id)
            }));
        }
        let Some(fetch) = this.fetch.as_mut() else {
            return Poll::Ready(None);
        };
        let (params, response, request_id) = match fetch.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(done) => done,
        };
        this.fetch = None;
        this.params = Some(params);
        Poll::Ready(Some(this.received(response, &request_id)))
    }
}
