"""The GraphQL API: Strawberry types, resolvers and the per-request context."""
