//! The table from Slack method name to a typed endpoint: decode the arguments into the
//! generated request type, run the model's handler or a test's override, encode the
//! typed answer.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::args::RawArgs;
use super::handlers::{self, Code, Ctx};
use crate::method::{Method, Tier};

/// A handler for method `M`: the model's, or one a test installed with `FakeSlack::on`.
pub(crate) type Handler<M> = Box<dyn Fn(&M, &mut Ctx<'_>) -> Result<<M as Method>::Response, String> + Send + Sync>;

/// One method's endpoint, with its request type erased.
pub(crate) trait Endpoint: Send + Sync {
    fn name(&self) -> &'static str;
    fn tier(&self) -> Tier;
    /// The arguments for the request log: typed and normalised when they decode.
    fn describe(&self, args: &RawArgs) -> Value;
    /// The answer body on success, or the Slack error code.
    fn answer(&self, args: &RawArgs, ctx: &mut Ctx<'_>) -> Result<Value, String>;
}

struct Typed<M: Method> {
    handler: Handler<M>,
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

    /// Arguments that do not fit the request type (a required one missing, a value of
    /// the wrong kind) answer `invalid_arguments`, as Slack does.
    fn answer(&self, args: &RawArgs, ctx: &mut Ctx<'_>) -> Result<Value, String> {
        let request = args.decode::<M>().ok_or("invalid_arguments")?;
        let response = (self.handler)(&request, ctx)?;
        serde_json::to_value(response).map_err(|_| "internal_error".to_owned())
    }
}

/// Every method the fake answers, by Slack name.
pub(crate) struct Routes {
    endpoints: HashMap<&'static str, Box<dyn Endpoint>>,
}

impl Routes {
    /// The seven methods, each acting on the model.
    pub(crate) fn model() -> Self {
        let mut routes = Routes { endpoints: HashMap::new() };
        routes.model_handler(handlers::reset);
        routes.model_handler(handlers::reset_bulk);
        routes.model_handler(handlers::invalidate);
        routes.model_handler(handlers::list);
        routes.model_handler(handlers::get_settings);
        routes.model_handler(handlers::set_settings);
        routes.model_handler(handlers::clear_settings);
        routes
    }

    fn model_handler<M>(&mut self, handler: fn(&M, &mut Ctx<'_>) -> Result<M::Response, Code>)
    where
        M: Method + DeserializeOwned + 'static,
        M::Response: Serialize,
    {
        self.insert::<M>(Box::new(move |request, ctx| handler(request, ctx).map_err(str::to_owned)));
    }

    /// Installs `handler` for `M`, replacing the one before.
    pub(crate) fn insert<M>(&mut self, handler: Handler<M>)
    where
        M: Method + DeserializeOwned + 'static,
        M::Response: Serialize,
    {
        self.endpoints.insert(M::NAME, Box::new(Typed { handler }));
    }

    pub(crate) fn get(&self, method: &str) -> Option<&dyn Endpoint> {
        self.endpoints.get(method).map(Box::as_ref)
    }
}
