from clearair.cli.main import run

run()
