Feature: MirrorMaker 2 survives network faults on its links
  Each cluster marked "behind Toxiproxy" gets, on every broker, a listener for MirrorMaker 2
  alone, advertised at the address of a Toxiproxy proxy in front of it: MM2's clients learn that
  address from the cluster's metadata and keep going through the proxy, while the apps go through
  proxies of their own and the harness connects directly. Cutting or slowing MM2's proxies cuts
  or slows exactly MM2's link.

  Background:
    Given a source cluster "es-src" with 1 broker
    And topic "products" on "es-src" with 1 partition

  Scenario: the link from MM2 to es-tgt is cut while records are produced, then healed: nothing is lost
    MM2 cannot write to es-tgt while the link is cut; its producer retries, and once the link is
    healed every record acked on es-src in the meantime reaches es-tgt.

    Given a target cluster "es-tgt" with 1 broker behind Toxiproxy
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And the link from MirrorMaker 2 to "es-tgt" is cut
    And 200 records are produced to "products" on "es-src"
    Then MirrorMaker 2 copies nothing of "products" to "es-tgt" for 3 seconds
    When the link from MirrorMaker 2 to "es-tgt" is healed
    And group "products-consumer" reads 250 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  Scenario: the link from MM2 to es-tgt has 400 ms latency with 200 ms jitter: MM2 still mirrors everything
    Given a target cluster "es-tgt" with 1 broker behind Toxiproxy
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    And the link from MirrorMaker 2 to "es-tgt" has 400 ms latency with 200 ms jitter
    When 300 records are produced to "products" on "es-src"
    And group "products-consumer" reads 120 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every link is healed
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
