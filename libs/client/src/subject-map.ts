import type {
  ArmaAcfReply, ArmaAcfRequest, MatmulReply, MatmulRequest, MinedRulesReply, PredictReply, PredictRequest, RulesPageReply, RulesPageRequest, RulesRequest,
} from '@modelbus/contracts';

/**
 * Request and reply types of the request/reply subjects that contracts defines, so that
 * `client.call('la.matmul', ...)` is typed end to end. Subjects without DTOs in contracts
 * (la.svd, la.eigh, ts.model.get, ts.forecast) go through the untyped overload.
 */
export interface SubjectMap {
  'la.matmul': { request: MatmulRequest; reply: MatmulReply };
  'ts.arma.acf': { request: ArmaAcfRequest; reply: ArmaAcfReply };
  'dl.predict': { request: PredictRequest; reply: PredictReply };
  // rec.rules replies carry leverage and conviction (null when infinite) and item names for string datasets
  'rec.rules': { request: RulesRequest; reply: MinedRulesReply };
  'rec.rules.page': { request: RulesPageRequest; reply: RulesPageReply };
}
export type KnownSubject = keyof SubjectMap;
