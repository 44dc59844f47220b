import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (no entity: the table belongs to rate-limiter-flexible's RateLimiterPostgres,
 * whose own CREATE TABLE it mirrors; the limiter is told the table exists). Failed sign-ins per
 * source address and per source address + account, shared by every server instance
 * (auth/login-throttle.ts). `expire` is the end of a key's window in epoch milliseconds.
 * Never edit once committed.
 */
export class LoginThrottle1795857875961 implements MigrationInterface {
  name = 'LoginThrottle1795857875961';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "login_throttle" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT 0, "expire" bigint, CONSTRAINT "PK_login_throttle" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_login_throttle_expire" ON "login_throttle" ("expire") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_login_throttle_expire"`);
    await queryRunner.query(`DROP TABLE "login_throttle"`);
  }
}
