// The AccessFilter travels over NATS, so its schema is declared in contracts; see its doc comment
// there for the matching rule every evaluator and search adapter implements.
export { AccessFilterSchema, PRIVATE_CALLS_RULE, denyAllAccessFilter, type AccessFilter } from '@gong-connector/contracts';
