//! The table from Slack method name to a typed endpoint: decode the arguments into the
//! generated request type, check the token for the method, run the model's handler or
//! a test's override, and encode the typed answer as Slack's envelope.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::args::RawArgs;
use super::handlers::{self, Answer, Ctx};
use super::refusal::Refusal;
use crate::method::{ApiError, Method, Tier};

/// A handler for method `M`: the model's, or one a test installed with `FakeSlack::on`.
pub(crate) type Handler<M> = Box<dyn Fn(&M, &mut Ctx<'_>) -> Answer<M> + Send + Sync>;

/// One method's endpoint, with its request type erased.
pub(crate) trait Endpoint: Send + Sync {
    fn name(&self) -> &'static str;
    fn tier(&self) -> Tier;
    /// The arguments for the request log: typed and normalised when they decode.
    fn describe(&self, args: &RawArgs) -> Value;
    /// Slack's envelope for the call: the response with `ok: true`, or a refusal.
    fn answer(&self, args: &RawArgs, ctx: &mut Ctx<'_>) -> Value;
}

struct Typed<M: Method> {
    handler: Handler<M>,
}

impl<M> Typed<M>
where
    M: Method + DeserializeOwned + 'static,
    M::Response: Serialize,
{
    /// Arguments that do not fit the request type (a required one missing, a value of
    /// the wrong kind) answer `invalid_arguments`, as Slack does. The token's checks come
    /// before the handler, for overrides too, as they are Slack's and not the method's.
    fn run(&self, args: &RawArgs, ctx: &mut Ctx<'_>) -> Answer<M> {
        let request = args.decode::<M>().ok_or_else(|| Refusal::from(M::Error::from_code("invalid_arguments")))?;
        ctx.caller.authorize::<M>(ctx.org)?;
        (self.handler)(&request, ctx)
    }
}

impl<M> Endpoint for Typed<M>
where
    M: Method + DeserializeOwned + 'static,
    M::Response: Serialize,
{
    fn name(&self) -> &'static str {
        M::NAME
    }

    fn tier(&self) -> Tier {
        M::TIER
    }

    fn describe(&self, args: &RawArgs) -> Value {
        args.decode::<M>().and_then(|request| serde_json::to_value(request).ok()).unwrap_or_else(|| args.untyped())
    }

    fn answer(&self, args: &RawArgs, ctx: &mut Ctx<'_>) -> Value {
        match self.run(args, ctx) {
            Ok(response) => serde_json::to_value(response)
                .unwrap_or_else(|_| Refusal::from(M::Error::from_code("internal_error")).envelope()),
            Err(refusal) => refusal.envelope(),
        }
    }
}

/// Every method the fake answers, by Slack name.
pub(crate) struct Routes {
    endpoints: HashMap<&'static str, Box<dyn Endpoint>>,
}

impl Routes {
    /// The seven methods and `auth.test`, each acting on the model.
    pub(crate) fn model() -> Self {
        let mut routes = Routes { endpoints: HashMap::new() };
        routes.model_handler(handlers::reset);
        routes.model_handler(handlers::reset_bulk);
        routes.model_handler(handlers::invalidate);
        routes.model_handler(handlers::list);
        routes.model_handler(handlers::get_settings);
        routes.model_handler(handlers::set_settings);
        routes.model_handler(handlers::clear_settings);
        routes.model_handler(handlers::auth_test);
        routes
    }

    fn model_handler<M>(&mut self, handler: fn(&M, &mut Ctx<'_>) -> Answer<M>)
    where
        M: Method + DeserializeOwned + 'static,
        M::Response: Serialize,
    {
        self.insert::<M>(Box::new(handler));
    }

    /// Installs `handler` for `M`, replacing the one before.
    pub(crate) fn insert<M>(&mut self, handler: Handler<M>)
    where
        M: Method + DeserializeOwned + 'static,
        M::Response: Serialize,
    {
        self.endpoints.insert(M::NAME, Box::new(Typed { handler }));
    }

    /// Puts the model's handler back for `method`, removing any override.
    pub(crate) fn restore(&mut self, method: &'static str) {
        if let Some(endpoint) = Routes::model().endpoints.remove(method) {
            self.endpoints.insert(method, endpoint);
        }
    }

    pub(crate) fn get(&self, method: &str) -> Option<&dyn Endpoint> {
        self.endpoints.get(method).map(Box::as_ref)
    }
}
